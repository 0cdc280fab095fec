using Microsoft.DurableTask.Client;
using Triage.Application.Orchestration;
using Triage.Contracts;
using Triage.Domain;
using Triage.Storage;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.EndToEnd;

/// <summary>
/// A waiting step takes its reminder point and deadline as events raised from the <c>StepTimers</c>
/// table: each once, and only the instants that are its own; a wait for funds takes its limit the same
/// way. The steps and the wait here are minutes long, so the host's raiser stays out of the way and the
/// test raises the events itself.
/// </summary>
public sealed class StepTimerTests(MemoryHostFixture host) : IClassFixture<MemoryHostFixture>
{
    [Fact]
    public async Task AStepTakesItsOwnTimersOnce_AndIgnoresOthers()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, timers raised by hand");
        var step = Assert.Single((await host.WaitForStepAsync(id, "desk-officer")).Approvals);
        Assert.Equal([StepTimer.Deadline, StepTimer.Reminder], (await RowsAsync(id)).Select(r => r.Kind).Order());

        // A deadline that is not this step's (an earlier execution's), then its reminder point twice (a
        // raiser that crashed before removing the row raises it again).
        await RaiseAsync(id, StepTimer.Deadline, step.Deadline!.Value.AddTicks(1));
        await RaiseAsync(id, StepTimer.Reminder, step.ReminderAt!.Value);
        await RaiseAsync(id, StepTimer.Reminder, step.ReminderAt!.Value);
        var reminded = await host.WaitForAsync(id, r => r.Approvals[0] is { } a && (a.RemindedAt is not null || a.Escalated));
        Assert.Equal(Stage.AwaitingApproval, reminded.Stage);
        Assert.Equal([StepTimer.Deadline], (await RowsAsync(id)).Select(r => r.Kind));

        await RaiseAsync(id, StepTimer.Deadline, step.Deadline!.Value);
        var done = await host.WaitForOutcomeAsync(id);

        Assert.Equal(Outcome.Expired, done.Outcome);
        Assert.Equal(ApprovalStatus.Expired, Assert.Single(done.Approvals).Status);
        Assert.Single(await host.ApprovalMessagesAsync(id), m => m.Reminder);
        Assert.Empty(await RowsAsync(id));
        await host.AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task ATimerWhoseRequestHasNoOrchestration_IsRemovedByTheRaiser()
    {
        // A row left for a request whose instance was purged: raised to nobody, then gone.
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, timer orphaned");
        var record = (await host.UseCase<RequestStore>().GetAsync(id, CancellationToken.None))!;
        var past = DateTimeOffset.UtcNow.AddMinutes(-1);
        var orphan = record.WaitingAt("desk-officer", since: past.AddMinutes(-5), deadline: past, reminderAt: past.AddMinutes(-1), id: "GEO-20010101-" + Guid.NewGuid().ToString("N")[..12]);
        await host.UseCase<PendingApprovalStore>().SyncAsync(orphan, CancellationToken.None);
        Assert.Equal(2, (await RowsAsync(orphan.Id)).Count);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await RowsAsync(orphan.Id)).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Empty(await RowsAsync(orphan.Id));
    }

    [Fact]
    public async Task AWaitForFunds_HasItsLimitAsARow_TakesOnlyItsOwnInstant_AndTheRowGoesWithTheWait()
    {
        await using (await FundBlocker.BlockAsync(host.Ledger, "georgia", "dcb", "partnership-common"))
        {
            var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, waiting for funds");
            var waiting = await host.WaitForAsync(id, r => r.Stage == Stage.AwaitingFunds);
            var limit = Assert.IsType<DateTimeOffset>(waiting.Funding!.WaitUntil);
            var row = Assert.Single(await RowsAsync(id));
            Assert.Equal((StepTimer.FundsWait, StepTimer.Deadline, limit.UtcTicks), (row.Step, row.Kind, row.At.UtcTicks));

            // An instant that is not this wait's, then a withdrawal: had the wait taken the first, the
            // request would be Unfunded (events are handled in the order they came).
            await host.Client.RaiseEventAsync(id, TriageEvents.StepTimer(StepTimer.FundsWait), new StepTimerEvent(StepTimer.Deadline, limit.AddTicks(1)));
            Assert.True((await host.WithdrawAsync(id, "GEO")).Succeeded);

            var done = await host.WaitForOutcomeAsync(id);
            Assert.Equal(Outcome.Withdrawn, done.Outcome);
            Assert.Equal(limit, done.Funding!.WaitUntil);
            Assert.Empty(await RowsAsync(id));
        }
    }

    private Task RaiseAsync(string id, string kind, DateTimeOffset at) =>
        host.Client.RaiseEventAsync(id, TriageEvents.StepTimer("desk-officer"), new StepTimerEvent(kind, at));

    private async Task<IReadOnlyList<StepTimer>> RowsAsync(string id) =>
        [.. (await host.UseCase<PendingApprovalStore>().DueTimersAsync(DateTimeOffset.UtcNow.AddYears(1), 1000, CancellationToken.None)).Where(t => t.RequestId == id)];
}
