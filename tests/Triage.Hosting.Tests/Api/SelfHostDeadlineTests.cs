namespace Triage.Hosting.Tests.Api;

/// <summary>The deadline scenarios against the self-host.</summary>
public sealed class SelfHostDeadlineTests(ShortDeadlineHostFixture api) : DeadlineScenarios(api), IClassFixture<ShortDeadlineHostFixture>;
