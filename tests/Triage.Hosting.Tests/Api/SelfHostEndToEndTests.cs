namespace Triage.Hosting.Tests.Api;

/// <summary>The end-to-end scenarios against the self-host: a host of their own, not the shared API
/// collection's, because a scenario contributes to every fund and would make other tests' "no fund can
/// pay for this" quotes fundable.</summary>
public sealed class SelfHostEndToEndTests(ApiHostFixture api) : EndToEndScenarios(api), IClassFixture<ApiHostFixture>;
