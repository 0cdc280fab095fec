using Triage.Hosting.Tests.Api;

namespace Triage.Hosting.Tests.FunctionsHost;

/// <summary>The Functions app under the harness, its approval steps expiring within seconds.</summary>
public sealed class FunctionsHostShortDeadlineFixture : FunctionsHostFixture
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => DeadlineScenarios.ShortDeadlines;
}
