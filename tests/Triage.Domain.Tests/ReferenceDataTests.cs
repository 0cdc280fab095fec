namespace Triage.Domain.Tests;

public sealed class ReferenceDataTests
{
    [Fact]
    public void Placeholder_UntilTheLoaderLands() => Assert.NotEmpty(ReferenceData.FileNames);
}
