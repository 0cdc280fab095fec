using Triage.Hosting.Tests.Api;

namespace Triage.Hosting.Tests.FunctionsHost;

/// <summary>The deadline scenarios against the Functions app under the harness.</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class FunctionsHostDeadlineTests(FunctionsHostShortDeadlineFixture api) : DeadlineScenarios(api), IClassFixture<FunctionsHostShortDeadlineFixture>;
