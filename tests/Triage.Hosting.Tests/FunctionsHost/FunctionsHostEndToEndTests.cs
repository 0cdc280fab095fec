using Triage.Hosting.Tests.Api;

namespace Triage.Hosting.Tests.FunctionsHost;

/// <summary>The end-to-end scenarios against the Functions app under the harness.</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class FunctionsHostEndToEndTests(FunctionsHostFixture api) : EndToEndScenarios(api);
