using Triage.Hosting.Tests.Api;

namespace Triage.Hosting.Tests.FunctionsHost;

/// <summary>The authorization matrix against the Functions app under the harness.</summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class FunctionsHostAuthorizationMatrixTests(FunctionsHostFixture api) : AuthorizationMatrixTests(api);
