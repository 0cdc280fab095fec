namespace Triage.Hosting.Tests.Api;

/// <summary>The authorization matrix against the self-host.</summary>
[Collection(ApiCollection.Name)]
public sealed class SelfHostAuthorizationMatrixTests(ApiHostFixture api) : AuthorizationMatrixTests(api);
