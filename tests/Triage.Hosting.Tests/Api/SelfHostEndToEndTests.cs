namespace Triage.Hosting.Tests.Api;

/// <summary>The end-to-end scenarios against the self-host.</summary>
[Collection(ApiCollection.Name)]
public sealed class SelfHostEndToEndTests(ApiHostFixture api) : EndToEndScenarios(api);
