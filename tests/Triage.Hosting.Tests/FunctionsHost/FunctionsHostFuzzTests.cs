using Triage.Hosting.Tests.Api;
using Xunit.Abstractions;

namespace Triage.Hosting.Tests.FunctionsHost;

/// <summary>
/// The hostile bodies against the Functions app under the harness: a fifth of each route's share (250
/// calls), drawn from the same seeded generator and its kinds of damage. Each call there crosses two more hops
/// (harness → worker over gRPC and HTTP), so the whole set would add minutes to every run; the
/// self-host gets all 1,250 through the same shared handlers.
/// </summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class FunctionsHostFuzzTests(FunctionsHostFuzzFixture api, ITestOutputHelper output) : FuzzTests(api, output), IClassFixture<FunctionsHostFuzzFixture>
{
    protected override double Share => 0.2;
}
