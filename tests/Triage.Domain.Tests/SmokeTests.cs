namespace Triage.Domain.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Project_Builds() => Assert.Equal(2, 1 + 1);
}
