using Microsoft.Extensions.DependencyInjection;
using Triage.Application.Intake;
using Triage.Application.UseCases;
using Triage.Contracts;
using Triage.Domain;
using Triage.LocalHost;
using Triage.LocalHost.Engine;
using Triage.Storage;
using Triage.Workflow.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Triage.Workflow.Tests.Storage;

/// <summary>
/// The storage round trips of the hot paths, counted on the self-host (in-memory engine, real tables
/// and queues): one quote, one submission through to its first approval notification, one contribution
/// and one page of the admin list. Each must make point operations only — no query across partitions,
/// and partition queries only of the small index partitions it is allowed — within a fixed number of
/// round trips, whatever the tables hold (docs/performance.md, "Storage round trips per request").
/// Counts, not times: deterministic on any machine.
/// </summary>
public sealed class StorageRoundTripTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly StorageCallCounter counter = new();
    private CountingHost counted = null!;

    private TriageLocalHost Host => counted.Host;

    public async Task InitializeAsync() => counted = await CountingHost.StartAsync(EngineBackend.Memory, app: counter);

    public async Task DisposeAsync() => await counted.DisposeAsync();

    [Fact]
    public async Task HotPaths_MakePointOperations_WithinTheirBudgets()
    {
        // A little history first, so that a scan would show: requests in several stages and funds.
        foreach (var scenario in new[] { Scenarios.Georgia, Scenarios.Iraq })
        {
            await NotifiedAsync(await SubmitAsync(scenario));
        }

        var quote = await CountAsync("quote", () => Host.Services.GetRequiredService<CreateQuote>().RunAsync("GEO", Input(Scenarios.Georgia), CancellationToken.None));
        string id = "";
        var submit = await CountAsync("submit → first approval notification", async () => id = await NotifiedAsync(await SubmitAsync(Scenarios.Georgia)));
        var contribution = await CountAsync("contribution", () => Host.Services.GetRequiredService<RecordContribution>().RunAsync(
            new ContributionCommand("partnership-common", new ContributionInput(1_000, "counter", null), "admin", Guid.NewGuid().ToString("N")), Host.Client, CancellationToken.None));
        var byStage = await CountAsync("list page by stage", () => Host.Services.GetRequiredService<ListRequests>().RunAsync(new RequestQuery(Stage: Stage.AwaitingApproval, PageSize: 50), CancellationToken.None));
        var all = await CountAsync("list page, no filter", () => Host.Services.GetRequiredService<ListRequests>().RunAsync(new RequestQuery(PageSize: 50), CancellationToken.None));
        var byPartner = await CountAsync("list page by partner", () => Host.Services.GetRequiredService<ListRequests>().RunAsync(new RequestQuery(Partner: "GEO", PageSize: 50), CancellationToken.None));

        Assert.All(new[] { quote, submit, contribution, byStage, all, byPartner }.SelectMany(c => c), c => Assert.NotEqual(StorageCallKind.Scan, c.Kind));
        AssertQueriesOnly(quote, "OpenRequests");
        // The submit door's backlog reading (one query of keys per engine stage, at most once a second
        // per process, so amortised over every submission in that second) is the one other query allowed.
        AssertQueriesOnly(submit.Where(c => !c.Target.EndsWith("RequestsByStage", StringComparison.Ordinal)).ToList(), "OpenRequests");
        Assert.InRange(submit.Count(c => c.Kind == StorageCallKind.PartitionQuery && c.Target.EndsWith("RequestsByStage", StringComparison.Ordinal)), 0, IntakeGate.EngineStages.Count);
        AssertQueriesOnly(contribution, "RequestsByStage");
        AssertQueriesOnly(byStage, "RequestsByStage");
        AssertQueriesOnly(all, "RequestsByStage");
        AssertQueriesOnly(byPartner, "Requests");

        // The budgets (docs/performance.md): what the paths make today, so that one more is a decision.
        Assert.InRange(quote.Count, 1, 6);
        // 50: the inbox entry and the step's two timer rows are written when it opens; the rows each write
        // leaves are used as written, not read again. Beside them, at most the door's backlog reading.
        Assert.InRange(submit.Count, 1, 50 + IntakeGate.EngineStages.Count);
        Assert.InRange(submit.Count(c => !c.Target.EndsWith("RequestsByStage", StringComparison.Ordinal) || c.Kind != StorageCallKind.PartitionQuery), 1, 50);
        Assert.InRange(contribution.Count, 1, 7);
        Assert.Single(submit, c => c.Kind == StorageCallKind.PartitionQuery && c.Target.EndsWith("OpenRequests", StringComparison.Ordinal));
        // A page: one query of one index partition, then a point read per request on it.
        Assert.Single(byStage, c => c.Kind == StorageCallKind.PartitionQuery);
        Assert.Equal(byStage.Count - 1, byStage.Count(c => c.Kind == StorageCallKind.PointRead && c.Target.EndsWith("Requests", StringComparison.Ordinal)));
        Assert.Contains(submit, c => c.Kind == StorageCallKind.Queue && c.Target.EndsWith("approval-requests", StringComparison.Ordinal));
        Assert.NotEmpty(id);
    }

    private static void AssertQueriesOnly(IReadOnlyList<StorageCall> calls, string table) =>
        Assert.All(calls.Where(c => c.Kind == StorageCallKind.PartitionQuery), c => Assert.EndsWith(table, c.Target, StringComparison.Ordinal));

    private async Task<IReadOnlyList<StorageCall>> CountAsync(string name, Func<Task> path)
    {
        counter.Reset();
        await path();
        var calls = counter.Calls;
        output.WriteLine($"{name}: {calls.Count} round trips ({string.Join(", ", calls.GroupBy(c => c.Kind).Select(g => $"{g.Key} {g.Count()}"))})");
        foreach (var c in calls)
        {
            output.WriteLine($"    {c.Kind,-14} {c.Target} {c.Detail}");
        }

        return calls;
    }

    private Task<string> SubmitAsync(Scenario scenario) => HostRequests.SubmitAsync(Host, scenario);

    private Task<string> NotifiedAsync(string requestId) => HostRequests.NotifiedAsync(Host, requestId);

    private static SubmitRequestInput Input(Scenario scenario) => HostRequests.Input(scenario);
}
