using System.Net;
using System.Xml.Linq;

namespace Triage.Hosting.Tests.FunctionsHost;

/// <summary>
/// The harness speaks the worker's protocol from its own proto and the extensions' binding shapes; a
/// new worker or extension version may change them. These versions are the ones it was checked with:
/// when Directory.Packages.props moves, the first test fails by name, and the second shows whether the
/// new worker still starts, indexes and answers under the harness. Update the pins once all harness
/// tests pass.
/// </summary>
[Collection(FunctionsHostCollection.Name)]
public sealed class ProtocolSmokeTests(FunctionsHostFixture host)
{
    private static readonly Dictionary<string, string> Checked = new()
    {
        ["FunctionsWorkerVersion"] = "2.52.0",
        ["FunctionsWorkerSdkVersion"] = "2.1.0",
        ["FunctionsDurableTaskExtensionVersion"] = "1.21.1",
        ["FunctionsHttpAspNetCoreExtensionVersion"] = "2.1.1",
        ["FunctionsStorageQueuesExtensionVersion"] = "5.5.5",
        ["FunctionsTimerExtensionVersion"] = "4.3.1",
        ["DurableTaskVersion"] = "1.28.0",
    };

    [Fact]
    public void WorkerAndExtensionVersions_AreTheOnesTheHarnessWasCheckedWith()
    {
        var props = XDocument.Load(Path.Combine(RepositoryRoot.Find(), "Directory.Packages.props"));
        foreach (var (name, version) in Checked)
        {
            var actual = props.Descendants(name).Single().Value;
            Assert.True(actual == version,
                $"{name} is {actual}, but the Functions host harness was checked with {version}: run the FunctionsHost tests, fix the harness where the protocol changed, then update {nameof(ProtocolSmokeTests)}.");
        }
    }

    [Fact]
    public async Task Worker_Starts_Indexes_AndRunsHttpOrchestratorAndActivityThroughTheHarness()
    {
        Assert.Contains($"worker {Checked["FunctionsWorkerVersion"]}", host.Process.Output, StringComparison.Ordinal);
        using var health = await host.Http.GetAsync(new Uri("/api/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        // A submit is an HTTP invocation with a Durable client; reaching a step needs the orchestrator and
        // several activities to have run in the worker.
        var id = await host.SubmitAsync();
        await host.WaitForPendingStepAsync(id, Api.ApiHostFixture.FirstLibyaStep);
    }
}
