using System.Diagnostics;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Triage.Application.Orchestration;
using Triage.Application.UseCases;
using Triage.Contracts;
using Triage.Domain;
using Triage.Storage;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.EndToEnd;

/// <summary>In-memory engine, the background reconciler off (the tests run its sweep themselves),
/// a terminate that waits 2 s at most, short activity retries.</summary>
public sealed class ReconcilerHostFixture : HostFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Policy:StepDeadline"] = "00:05:00",
        ["Policy:Reminder"] = "00:04:00",
        ["Policy:FundsWaitLimit"] = "00:05:00",
        ["Workflow:ActivityMaxAttempts"] = "2",
        ["Workflow:ActivityFirstRetry"] = "00:00:00.200",
        ["Reconciler:Interval"] = "0",
        ["Reconciler:TerminateWait"] = "00:00:02",
        ["Reconciler:MinimumAge"] = "00:10:00",
    };
}

/// <summary>
/// Money held by a request whose orchestration cannot settle it any more — terminated (by the API while
/// the engine is slow, from outside the API, or just before a crash), failed inside its finishing step,
/// or gone — is given back by the reconciler, which records the outcome Failed, once, however many
/// reconcilers run; and it leaves running and just-submitted requests alone.
/// </summary>
public sealed class ReconcilerTests(ReconcilerHostFixture host) : IClassFixture<ReconcilerHostFixture>
{
    private Task<ReconciliationReport> SweepAsync(bool fullScan = false) =>
        host.UseCase<ReconcileRequests>().RunAsync(fullScan, ReconcileRequests.Actor, host.Client, CancellationToken.None);

    private async Task<decimal> HeldAsync(string id) =>
        (await host.HoldingsAsync(id)).Where(h => h.State == HoldingState.Reserved).Sum(h => h.AmountEur);

    private async Task<string> AtFirstStepAsync(string title)
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, title);
        await host.WaitForStepAsync(id, "desk-officer");
        Assert.True(await HeldAsync(id) > 0);
        return id;
    }

    private async Task TerminateOutsideAsync(string id)
    {
        await host.Client.TerminateInstanceAsync(id, "terminated outside the API");
        await host.WaitForCompletionAsync(id);
    }

    /// <summary>Completed, Failed, approvals cancelled, nothing held, one "reconciled" timeline entry.</summary>
    private async Task AssertSettledFailedAsync(string id, string instanceStatus)
    {
        var view = (await host.GetAsync(id))!;
        Assert.Equal((Stage.Completed, (Outcome?)Outcome.Failed), (view.Stage, view.Outcome));
        Assert.All(view.Approvals, a => Assert.NotEqual(ApprovalStatus.Pending, a.Status));
        Assert.Single(view.Timeline, t => t.Detail.StartsWith($"Failed: its orchestration is {instanceStatus}", StringComparison.Ordinal));
        Assert.All(await host.HoldingsAsync(id), h => Assert.True(h.State is HoldingState.Released or HoldingState.Reversed, $"{h.FundId} round {h.Round} is {h.State}"));
        await host.AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task Terminate_WhileTheEngineIsSlowToStopTheInstance_IsAccepted_AndTheReconcilerSettlesIt()
    {
        var id = await AtFirstStepAsync("Missiles, terminated while the engine is slow");
        var held = await HeldAsync(id);
        var slow = new FaultyEngineClient(host.Client) { SlowToComplete = true };

        var clock = Stopwatch.StartNew();
        var terminated = await host.UseCase<TerminateInstance>().RunAsync(id, "admin@nato.int", slow, CancellationToken.None);

        Assert.Equal(CommandStatus.Accepted, terminated.Status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"terminate took {clock.Elapsed}");
        await host.WaitForCompletionAsync(id);
        Assert.Equal(held, await HeldAsync(id)); // the terminate could not settle it: left to the reconciler

        var report = await SweepAsync();

        var settled = Assert.Single(report.Settled, s => s.RequestId == id);
        Assert.Equal(("Terminated", held, 0m), (settled.InstanceStatus, settled.ReleasedEur, settled.ReversedEur));
        await AssertSettledFailedAsync(id, "Terminated");
        Assert.DoesNotContain((await SweepAsync()).Settled, s => s.RequestId == id);
        Assert.Equal(CommandStatus.Conflict, (await host.UseCase<TerminateInstance>().RunAsync(id, "admin@nato.int", host.Client, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Terminate_WhenTheEngineIsQuick_SettlesAtOnce()
    {
        var id = await AtFirstStepAsync("Missiles, terminated through the use case");

        var terminated = await host.UseCase<TerminateInstance>().RunAsync(id, "admin@nato.int", host.Client, CancellationToken.None);

        Assert.Equal(CommandStatus.Accepted, terminated.Status);
        await AssertSettledFailedAsync(id, "Terminated");
    }

    [Fact]
    public async Task TerminatedOutsideTheApi_ThreeSweepsAtOnce_SettleEachRequestOnce()
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => AtFirstStepAsync($"Missiles #{i}, terminated from the portal")));
        var held = new Dictionary<string, decimal>();
        foreach (var id in ids)
        {
            held[id] = await HeldAsync(id);
            await TerminateOutsideAsync(id);
        }

        var reports = await Task.WhenAll(SweepAsync(), SweepAsync(), SweepAsync(fullScan: true));

        // The sweeps between full ones found them through one engine query, not one lookup per request.
        Assert.All(reports.Where(r => !r.FullScan), r => Assert.True(r.StoppedListed >= ids.Length, $"{r.StoppedListed} listed"));

        foreach (var id in ids)
        {
            var settled = Assert.Single(reports.SelectMany(r => r.Settled), s => s.RequestId == id);
            Assert.Equal(held[id], settled.ReleasedEur);
            await AssertSettledFailedAsync(id, "Terminated");
        }
    }

    [Fact]
    public async Task ASweep_LeavesRunningAndJustSubmittedRequestsAlone_AndStartsOnesWhoseStartWasLost()
    {
        var running = await AtFirstStepAsync("Missiles, still running");
        var young = await InsertWithoutOrchestrationAsync(DateTimeOffset.UtcNow);
        var lost = await InsertWithoutOrchestrationAsync(DateTimeOffset.UtcNow.AddHours(-1));
        // Money under a round nobody claimed (a copy of the reserve activity that died half-way) goes back.
        Assert.Equal(LedgerApply.Applied, await host.Ledger.ReserveAsync("georgia", lost, 1, 1_000, 1_000, 1, DateTimeOffset.UtcNow, CancellationToken.None));

        var report = await SweepAsync();

        Assert.Empty(report.Settled);
        Assert.True(report.Active >= 1 && report.TooYoung >= 1, $"active {report.Active}, too young {report.TooYoung}");
        Assert.Equal([lost], report.Started);
        Assert.Null((await host.GetAsync(young))!.Outcome);
        Assert.Null(await host.Client.GetInstanceAsync(young));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(running))!.RuntimeStatus);

        // Started as its submit would have: it goes its way to the first step, its stray money given back.
        await host.WaitForStepAsync(lost, "desk-officer");
        Assert.Contains(await host.HoldingsAsync(lost), h => h.Round == 1 && h.State == HoldingState.Released);
        Assert.Empty((await SweepAsync()).Started);
        await host.AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task TerminatedWhileFinalizingAnApproval_TheCommitmentIsReversed()
    {
        var id = await AtFirstStepAsync("Missiles, terminated between commit and outcome");
        await TerminateOutsideAsync(id);

        // Where an approved request stands between CommitFunds and the outcome: Finalizing, its round committed.
        var holding = Assert.Single(await host.HoldingsAsync(id), h => h.State == HoldingState.Reserved);
        Assert.Equal(LedgerApply.Applied, await host.Ledger.CommitAsync(holding, DateTimeOffset.UtcNow, CancellationToken.None));
        var requests = host.Host.Services.GetRequiredService<RequestStore>();
        var record = (await requests.GetAsync(id, CancellationToken.None))!;
        var finalizing = record.Lifecycle();
        finalizing.StartFinalizing();
        await requests.UpdateAsync(new RequestUpdate(id, record.Partner, record.Version + 1, DateTimeOffset.UtcNow, finalizing, null, record.Eligibility, record.Estimate, record.Funding, record.Approvals), CancellationToken.None);
        var committedBefore = (await host.Ledger.GetBalanceAsync(holding.FundId, CancellationToken.None))!.CommittedEur;

        var settled = Assert.Single((await SweepAsync()).Settled, s => s.RequestId == id);

        Assert.Equal((0m, holding.AmountEur), (settled.ReleasedEur, settled.ReversedEur));
        Assert.Equal(HoldingState.Reversed, Assert.Single(await host.HoldingsAsync(id)).State);
        Assert.Equal(committedBefore - holding.AmountEur, (await host.Ledger.GetBalanceAsync(holding.FundId, CancellationToken.None))!.CommittedEur);
        await AssertSettledFailedAsync(id, "Terminated");
    }

    [Fact]
    public async Task AnOrchestrationThatFailsInItsFinishingStep_IsSettledByTheReconciler()
    {
        var id = await AtFirstStepAsync("Missiles, failing while finalizing");
        var held = await HeldAsync(id);
        var events = host.Storage.Names.RequestEvents;

        // The timeline table goes away: the withdrawal's ReleaseFunds fails (after its progress write) and
        // the orchestration ends Failed inside its finishing step, holding the reservation.
        await host.Storage.TableService.DeleteTableAsync(events);
        try
        {
            await host.Client.RaiseEventAsync(id, TriageEvents.Withdraw, new WithdrawEvent("GEO", DateTimeOffset.UtcNow));
            Assert.Equal(OrchestrationRuntimeStatus.Failed, (await host.WaitForCompletionAsync(id)).RuntimeStatus);
        }
        finally
        {
            await host.Storage.TableService.CreateTableIfNotExistsAsync(events);
        }

        Assert.Equal(held, await HeldAsync(id));
        Assert.Null((await host.GetAsync(id))!.Outcome);

        var settled = Assert.Single((await SweepAsync()).Settled, s => s.RequestId == id);

        Assert.Equal(("Failed", held), (settled.InstanceStatus, settled.ReleasedEur));
        await AssertSettledFailedAsync(id, "Failed");
    }

    /// <summary>A request row whose orchestration was never started (a crash between the two writes of a submit).</summary>
    private async Task<string> InsertWithoutOrchestrationAsync(DateTimeOffset submittedAt)
    {
        var id = $"GEO-{submittedAt:yyyyMMdd}-{Guid.NewGuid().ToString("N")[..12]}";
        var record = new RequestRecord(
            id, "GEO", "Never started", "s", [new LineItemInput("ammunition-management", 10, 4, "in-country")], DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(2)), null,
            Stage.Received, null, Stage.Received, null, null, null, null, [], submittedAt, submittedAt, "c", 1);
        Assert.True(await host.Host.Services.GetRequiredService<RequestStore>().TryInsertAsync(record, CancellationToken.None));
        return id;
    }

    [Fact]
    public async Task IndexEntryWithoutItsRequest_IsKeptWhileASubmitMayBeWritingIt_ThenRemoved()
    {
        // A submit writes the open-requests index entry just before the request row: a sweep in between
        // must not drop the entry, or the request would be out of the reconciler's sight until a full scan.
        var index = host.Storage.Table(host.Storage.Names.OpenRequests);
        var fresh = $"GEO-20260301-{Guid.NewGuid().ToString("N")[..12]}";
        var stale = $"GEO-20260301-{Guid.NewGuid().ToString("N")[..12]}";
        await index.AddEntityAsync(new Azure.Data.Tables.TableEntity("GEO", fresh) { ["SubmittedAt"] = DateTimeOffset.UtcNow });
        await index.AddEntityAsync(new Azure.Data.Tables.TableEntity("GEO", stale) { ["SubmittedAt"] = DateTimeOffset.UtcNow.AddHours(-1) });

        await SweepAsync();

        Assert.True((await index.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("GEO", fresh)).HasValue);
        Assert.False((await index.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("GEO", stale)).HasValue);
        await index.DeleteEntityAsync("GEO", fresh);
    }
}

/// <summary>In-memory engine with the self-host's background reconciler sweeping every second.</summary>
public sealed class BackgroundReconcilerHostFixture : HostFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Policy:StepDeadline"] = "00:05:00",
        ["Policy:Reminder"] = "00:04:00",
        ["Reconciler:Interval"] = "00:00:01",
        ["Reconciler:MinimumAge"] = "00:10:00",
    };
}

/// <summary>The self-host runs the reconciler by itself: nobody has to call anything after a terminate
/// from outside the API.</summary>
public sealed class BackgroundReconcilerTests(BackgroundReconcilerHostFixture host) : IClassFixture<BackgroundReconcilerHostFixture>
{
    [Fact]
    public async Task ARequestTerminatedOutsideTheApi_IsSettledByTheSelfHostsReconciler()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, left to the background reconciler");
        await host.WaitForStepAsync(id, "desk-officer");

        await host.Client.TerminateInstanceAsync(id, "terminated from the portal");

        var done = await host.WaitForOutcomeAsync(id, TimeSpan.FromSeconds(30));
        Assert.Equal(Outcome.Failed, done.Outcome);
        Assert.All(await host.HoldingsAsync(id), h => Assert.Equal(HoldingState.Released, h.State));
        await host.AssertLedgerInvariantAsync();
    }
}

/// <summary>A submit retried after the reconciler ended its request (and the instance was purged) does
/// not start the finished request again.</summary>
public sealed class ReconciledSubmitTests(ReconcilerHostFixture host) : IClassFixture<ReconcilerHostFixture>
{
    [Fact]
    public async Task ASubmitRetried_AfterTheReconcilerEndedItsRequest_DoesNotStartItAgain()
    {
        var input = new SubmitRequestInput("GEO", "Retried late", "s", [new LineItemInput("ammunition-management", 10, 8, "in-country")], DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(1)), new ContactInput("a", "a@b.c"));
        var key = Guid.NewGuid().ToString("N");
        var submit = host.UseCase<SubmitRequest>();
        var first = await submit.RunAsync(new SubmitRequestCommand("GEO", input, key), host.Client, CancellationToken.None);
        await host.WaitForStepAsync(first.RequestId, "desk-officer");
        await host.Client.TerminateInstanceAsync(first.RequestId, "lost");
        await host.WaitForCompletionAsync(first.RequestId);
        var settled = await host.UseCase<ReconcileRequests>().RunAsync(fullScan: false, ReconcileRequests.Actor, host.Client, CancellationToken.None);
        Assert.Contains(settled.Settled, s => s.RequestId == first.RequestId);
        await host.Client.PurgeInstanceAsync(first.RequestId);

        var again = await submit.RunAsync(new SubmitRequestCommand("GEO", input, key), host.Client, CancellationToken.None);

        Assert.Equal((SubmitStatus.Existing, first.RequestId, Stage.Completed), (again.Status, again.RequestId, again.Stage));
        Assert.Null(await host.Client.GetInstanceAsync(first.RequestId));
        Assert.Equal(Outcome.Failed, (await host.GetAsync(first.RequestId))!.Outcome);
    }

}
