using Azure;
using Azure.Data.Tables;
using Triage.Application.Identity;
using Triage.Application.UseCases;
using Triage.Contracts;
using Triage.Domain;
using Triage.Storage;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.Storage;

/// <summary>
/// The index of pending approvals behind the inbox (table <c>PendingApprovals</c>) follows the requests:
/// written when a step opens, gone when it closes, the same when synced twice, and put right by the
/// reconciler's sweep after a crash between the request's row and the index (an entry missing, or one
/// left behind).
/// </summary>
public sealed class PendingApprovalIndexTests(MemoryHostFixture host) : IClassFixture<MemoryHostFixture>
{
    private static readonly Caller Admin = new("admin", "admin", new HashSet<string> { TriageRoles.Admin }, null, new HashSet<string>());

    private PendingApprovalStore Index => host.UseCase<PendingApprovalStore>();

    [Fact]
    public async Task AStepThatOpens_IsIndexed_OnceEvenWhenSyncedAgain_AndLeavesWhenDecided()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, indexed");
        await host.WaitForStepAsync(id, "desk-officer");
        var record = (await host.UseCase<RequestStore>().GetAsync(id, CancellationToken.None))!;

        await Index.SyncAsync(record, CancellationToken.None);
        await Index.SyncAsync(record, CancellationToken.None);

        Assert.Single(await EntriesAsync(id));
        var item = Assert.Single((await InboxAsync()).Items, i => i.Id == id);
        Assert.Equal("desk-officer", item.Step);
        Assert.Equal(record.Approvals[0].Since, item.Since);

        await host.DecideByQueueAsync(id, "desk-officer");
        await host.WaitForOutcomeAsync(id);
        Assert.Empty(await EntriesAsync(id));
    }

    [Fact]
    public async Task AfterACrashBetweenTheRowAndTheIndex_TheReconcilerPutsTheIndexRight()
    {
        var waiting = await host.SubmitAsync(Scenarios.Georgia, "Missiles, entry lost");
        var moved = await host.SubmitAsync(Scenarios.Jordan, "Ammunition, first step left behind");
        var closed = await host.SubmitAsync(Scenarios.Georgia, "Missiles, left behind when approved");
        await host.WaitForStepAsync(waiting, "desk-officer");
        await host.WaitForStepAsync(moved, "desk-officer");
        await host.WaitForStepAsync(closed, "desk-officer");
        var movedBefore = (await host.UseCase<RequestStore>().GetAsync(moved, CancellationToken.None))!;
        var closedBefore = (await host.UseCase<RequestStore>().GetAsync(closed, CancellationToken.None))!;
        await host.DecideByQueueAsync(moved, "desk-officer");
        await host.DecideByQueueAsync(closed, "desk-officer");
        await host.WaitForStepAsync(moved, "asg-p");
        await host.WaitForOutcomeAsync(closed);

        // As if the process died after writing each row and before the index followed it (or a slow copy of
        // an activity synced from an older row): one request's entry never written, another's first step
        // still listed after it moved on, a finished one still listed.
        var table = host.Storage.Table(host.Storage.Names.PendingApprovals);
        foreach (var e in await EntriesAsync(waiting))
        {
            await table.DeleteEntityAsync(e.Step, e.Key, ETag.All);
        }

        await Index.SyncAsync(movedBefore, CancellationToken.None);
        await Index.SyncAsync(closedBefore, CancellationToken.None);
        Assert.Empty(await EntriesAsync(waiting));
        Assert.Contains(await EntriesAsync(moved), e => e.Step == "desk-officer");
        Assert.Single(await EntriesAsync(closed));

        var report = await host.UseCase<ReconcileRequests>().RunAsync(false, "test", host.Client, CancellationToken.None);

        Assert.True(report.PendingApprovalsRemoved >= 1, $"{report.PendingApprovalsRemoved} removed");
        Assert.Empty(report.Errors);
        Assert.Equal("desk-officer", Assert.Single(await EntriesAsync(waiting)).Step);
        Assert.Equal("asg-p", Assert.Single(await EntriesAsync(moved)).Step);
        Assert.Empty(await EntriesAsync(closed));
        Assert.Empty(report.Errors);
    }

    [Fact]
    public async Task AStepSyncedWithAnotherStart_OrFromAnOlderCopy_HasOneEntry()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, step opened again");
        await host.WaitForStepAsync(id, "desk-officer");
        var first = (await host.UseCase<RequestStore>().GetAsync(id, CancellationToken.None))!;
        var since = first.Approvals.Single(a => a.Step == "desk-officer").Since!.Value;

        // As a restarted execution writes the same step (opened again, later), then a slow copy of the
        // first execution's activity syncing from the row it read before the restart.
        var again = first with { Approvals = [.. first.Approvals.Select(a => a.Step == "desk-officer" ? a with { Since = since.AddMinutes(5) } : a)] };
        await Index.SyncAsync(again, CancellationToken.None);
        Assert.Equal(since.AddMinutes(5), Assert.Single(await EntriesAsync(id)).Since);
        await Index.SyncAsync(first, CancellationToken.None);

        Assert.Equal(since, Assert.Single(await EntriesAsync(id)).Since);
        Assert.Single((await InboxAsync()).Items, i => i.Id == id);
    }

    [Fact]
    public async Task RowsKeyedByAnEarlierVersion_ShowOnce_AndTheSweepMigratesThem()
    {
        var onlyOld = await host.SubmitAsync(Scenarios.Georgia, "Missiles, indexed by an earlier version");
        var both = await host.SubmitAsync(Scenarios.Georgia, "Missiles, indexed by both versions");
        await host.WaitForStepAsync(onlyOld, "desk-officer");
        await host.WaitForStepAsync(both, "desk-officer");

        // Earlier versions keyed a row by its position ({since ticks}-{request id}); one request has only
        // such a row, the other one beside its current row, from an earlier start of the step.
        var table = host.Storage.Table(host.Storage.Names.PendingApprovals);
        foreach (var (id, shift, keepCurrent) in new[] { (onlyOld, TimeSpan.Zero, false), (both, TimeSpan.FromHours(-1), true) })
        {
            var current = (await table.GetEntityAsync<TableEntity>("desk-officer", id)).Value;
            var since = current.GetDateTimeOffset("Since")!.Value + shift;
            await table.UpsertEntityAsync(new TableEntity(current) { RowKey = PendingApprovalStore.Position(since, id), ["Since"] = since, ETag = default });
            if (!keepCurrent)
            {
                await table.DeleteEntityAsync("desk-officer", id, ETag.All);
            }
        }

        var shown = (await InboxAsync()).Items;
        Assert.Single(shown, i => i.Id == onlyOld);
        Assert.Equal(Assert.Single(await EntriesAsync(both), e => e.Key == both).Since, Assert.Single(shown, i => i.Id == both).Since);

        var report = await host.UseCase<ReconcileRequests>().RunAsync(false, "test", host.Client, CancellationToken.None);

        Assert.Empty(report.Errors);
        Assert.True(report.PendingApprovalsRemoved >= 2, $"{report.PendingApprovalsRemoved} removed");
        Assert.Equal(onlyOld, Assert.Single(await EntriesAsync(onlyOld)).Key);
        Assert.Equal(both, Assert.Single(await EntriesAsync(both)).Key);
    }

    private async Task<List<PendingApproval>> EntriesAsync(string requestId)
    {
        var found = new List<PendingApproval>();
        string? continuation = null;
        do
        {
            var (items, next) = await Index.ScanAsync(continuation, 500, CancellationToken.None);
            found.AddRange(items.Where(i => i.RequestId == requestId));
            continuation = next;
        }
        while (continuation is not null);
        return found;
    }

    private Task<InboxPage> InboxAsync() => host.UseCase<ListInbox>().RunAsync(Admin, null, 200, CancellationToken.None);
}
