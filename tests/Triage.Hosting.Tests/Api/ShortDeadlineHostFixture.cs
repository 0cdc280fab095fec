namespace Triage.Hosting.Tests.Api;

/// <summary>A self-host whose approval steps expire within seconds.</summary>
public sealed class ShortDeadlineHostFixture : ApiHostFixture
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => DeadlineScenarios.ShortDeadlines;
}
