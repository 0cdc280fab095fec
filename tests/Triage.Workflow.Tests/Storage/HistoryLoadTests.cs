using Triage.Domain;
using Triage.LocalHost;
using Triage.LocalHost.Engine;
using Triage.Storage;
using Triage.Workflow.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Triage.Workflow.Tests.Storage;

/// <summary>
/// The engine's own history loads, counted on the Azure Storage backend: each is a query of the task
/// hub's <c>History</c> table, which Azurite answers by reading every row of it, so their number per
/// request decides how throughput falls as requests accumulate (docs/performance.md). With extended
/// sessions an orchestration's history stays in memory from one episode to the next, and a request
/// reaches its first approval notification with one load (the empty one of its start); without them,
/// every activity result loads it again. Counts, not times: the same on any machine.
/// </summary>
public sealed class HistoryLoadTests(ITestOutputHelper output)
{
    private const int Requests = 3;

    [Fact]
    public async Task ExtendedSessions_LoadAnOrchestrationsHistoryOnce_UpToItsFirstNotification()
    {
        var with = await HistoryLoadsPerRequestAsync(extendedSessions: true, output);
        var without = await HistoryLoadsPerRequestAsync(extendedSessions: false, output);
        output.WriteLine($"history loads per request to the first notification: {with:0.##} with extended sessions, {without:0.##} without");

        Assert.InRange(with, 1, 1.5);
        Assert.True(without >= 3 * with, $"without extended sessions {without:0.##} loads per request, with them {with:0.##}");
    }

    private static async Task<double> HistoryLoadsPerRequestAsync(bool extendedSessions, ITestOutputHelper output)
    {
        var counter = new StorageCallCounter();
        await using var counted = await CountingHost.StartAsync(
            EngineBackend.Azure, engine: counter, settings: new Dictionary<string, string?> { ["Durable:ExtendedSessionsEnabled"] = extendedSessions ? "true" : "false" });
        var (host, hub) = (counted.Host, counted.Hub);

        // The first request warms the host up (reference data, the partitions' leases); counted are the next ones.
        await HostRequests.NotifiedAsync(host, await HostRequests.SubmitAsync(host, Scenarios.Georgia));
        counter.Reset();
        for (var i = 0; i < Requests; i++)
        {
            await HostRequests.NotifiedAsync(host, await HostRequests.SubmitAsync(host, Scenarios.Georgia));
        }

        var calls = counter.Calls;
        output.WriteLine($"extended sessions {(extendedSessions ? "on" : "off")}: the engine's storage calls per request, by kind and table:");
        foreach (var group in calls.GroupBy(c => (c.Kind, Table: c.Target.Replace(hub, "{hub}", StringComparison.OrdinalIgnoreCase))).OrderByDescending(g => g.Count()))
        {
            output.WriteLine($"    {(double)group.Count() / Requests,6:0.##}  {group.Key.Kind,-14} {group.Key.Table}");
        }

        var loads = calls.Count(c => c.Kind == StorageCallKind.PartitionQuery && c.Target.EndsWith("History", StringComparison.Ordinal));
        return (double)loads / Requests;
    }
}
