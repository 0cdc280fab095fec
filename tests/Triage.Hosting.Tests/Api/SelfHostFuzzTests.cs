using Xunit.Abstractions;

namespace Triage.Hosting.Tests.Api;

/// <summary>All 1,250 hostile bodies against the self-host.</summary>
public sealed class SelfHostFuzzTests(FuzzHostFixture api, ITestOutputHelper output) : FuzzTests(api, output), IClassFixture<FuzzHostFixture>;
