using Triage.Contracts;
using Triage.Domain;
using Triage.Storage;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.Storage;

/// <summary>
/// The step timers (table <c>StepTimers</c>) follow the request as the inbox entry does: a waiting step
/// has its deadline and, until reminded or escalated, its reminder point; a step that no longer waits has
/// none. Due rows come back in time order, across the days they are partitioned by. The instants here
/// are a century ahead, so the host's raiser never takes these rows.
/// </summary>
public sealed class StepTimerStoreTests(MemoryHostFixture host) : IClassFixture<MemoryHostFixture>
{
    private static readonly DateTimeOffset Reminder = new(2126, 3, 4, 23, 59, 59, TimeSpan.Zero);
    private static readonly DateTimeOffset Deadline = new(2126, 3, 5, 0, 0, 1, TimeSpan.Zero);

    private PendingApprovalStore Store => host.UseCase<PendingApprovalStore>();

    [Fact]
    public async Task AWaitingStep_HasItsTimers_DueInTimeOrder_AcrossDays()
    {
        var waiting = await WaitingAsync("Missiles, timers across midnight");
        await Store.SyncAsync(waiting, CancellationToken.None);
        await Store.SyncAsync(waiting, CancellationToken.None);

        Assert.Empty(await DueAsync(waiting.Id, Reminder.AddTicks(-1)));
        Assert.Equal([StepTimer.Reminder], await DueAsync(waiting.Id, Reminder));
        Assert.Equal([StepTimer.Reminder], await DueAsync(waiting.Id, Deadline.AddTicks(-1)));
        Assert.Equal([StepTimer.Reminder, StepTimer.Deadline], await DueAsync(waiting.Id, Deadline));
    }

    [Fact]
    public async Task AReminderPointPassed_OrEscalated_LeavesTheDeadline()
    {
        var reminded = await WaitingAsync("Missiles, reminded");
        var escalated = await WaitingAsync("Missiles, escalated");
        await Store.SyncAsync(reminded, CancellationToken.None);
        await Store.SyncAsync(escalated, CancellationToken.None);

        await Store.SyncAsync(reminded with { Approvals = [reminded.Approvals[0] with { RemindedAt = Reminder }] }, CancellationToken.None);
        await Store.SyncAsync(escalated with { Approvals = [escalated.Approvals[0] with { Escalated = true, EscalatedAt = Reminder, EscalatedTo = ["deputy@nato.int"] }] }, CancellationToken.None);

        Assert.Equal([StepTimer.Deadline], await DueAsync(reminded.Id, Deadline));
        Assert.Equal([StepTimer.Deadline], await DueAsync(escalated.Id, Deadline));
    }

    [Fact]
    public async Task AStepDecided_HasNoTimers()
    {
        var waiting = await WaitingAsync("Missiles, decided");
        await Store.SyncAsync(waiting, CancellationToken.None);

        var decided = waiting with
        {
            Stage = Stage.Finalizing,
            PendingStep = null,
            Approvals = [waiting.Approvals[0] with { Status = ApprovalStatus.Approved, Approver = "desk.officer@nato.int", DecidedAt = Reminder }],
        };
        await Store.SyncAsync(decided, CancellationToken.None);

        Assert.Empty(await DueAsync(waiting.Id, Deadline));
    }

    /// <summary>A submitted request as stored, moved (in memory only) to wait at its first step a century
    /// ahead; the test's copy, never written back.</summary>
    private async Task<RequestRecord> WaitingAsync(string title)
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, title);
        var record = (await host.UseCase<RequestStore>().GetAsync(id, CancellationToken.None))!;
        return record.WaitingAt("desk-officer", since: Reminder.AddHours(-1), deadline: Deadline, reminderAt: Reminder);
    }

    private async Task<IReadOnlyList<string>> DueAsync(string id, DateTimeOffset now) =>
        [.. (await Store.DueTimersAsync(now, 1000, CancellationToken.None)).Where(t => t.RequestId == id && t.At.Year == 2126).Select(t => t.Kind)];
}
