using Azure.Data.Tables;
using Triage.Contracts;
using Triage.Domain;

namespace Triage.Storage;

/// <summary>
/// The timers of the waiting requests, table <c>StepTimers</c>: a row per reminder point and deadline
/// still to come, and per limit of a wait for funds. Partition = the UTC day it falls on
/// (<c>yyyyMMdd</c>), row key = its instant in ticks, then the request, the step and the kind, so the
/// rows that are due are one range read in key order (<see cref="DueTimersAsync"/>).
/// <see cref="SyncAsync"/> keeps them with the request as stored: a waiting step has its deadline and,
/// until it was reminded or escalated, its reminder point; a step that no longer waits has none; a
/// request waiting for funds has the limit of that wait. They stand in for durable timers
/// (docs/decisions/0035, 0038): a timer on the engine's Azure Storage backend is a message in its
/// control queue until its time, and a waiting request must not cost a message.
/// </summary>
public sealed partial class PendingApprovalStore
{
    /// <summary>Up to <paramref name="max"/> timers due at <paramref name="now"/>, earliest first.</summary>
    public async Task<IReadOnlyList<StepTimer>> DueTimersAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        [.. (await timers.DueRowsAsync(now, max, cancellationToken)).Select(e => new StepTimer(
            e.GetString("RequestId") ?? "",
            e.GetString("Step") ?? "",
            e.GetString("Kind") ?? "",
            new DateTimeOffset(e.GetInt64("AtTicks") ?? 0, TimeSpan.Zero)))];

    /// <summary>Removes a timer (raised, or not wanted); nothing when it is not there.</summary>
    public Task RemoveTimerAsync(StepTimer timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        var (partition, row) = KeyOf(timer);
        return timers.DeleteIfPresentAsync(partition, row, cancellationToken);
    }

    /// <summary>The timers of a step: the waiting one's are written, those of a step that no longer waits
    /// (or of a reminder point passed) removed.</summary>
    private Task SyncTimersAsync(string requestId, ApprovalView approval, bool waiting, CancellationToken cancellationToken)
    {
        var reminderWanted = waiting && approval.RemindedAt is null && !approval.Escalated;
        return Task.WhenAll(
            KeepAsync(requestId, approval.Step, StepTimer.Deadline, approval.Deadline, waiting, cancellationToken),
            KeepAsync(requestId, approval.Step, StepTimer.Reminder, approval.ReminderAt, reminderWanted, cancellationToken));
    }

    /// <summary>The limit of the wait for funds (<see cref="StepTimer.FundsWait"/>): written while the
    /// request waits for funds, removed by the write that ends the wait (a request leaves
    /// <c>AwaitingFunds</c> only for <c>Funding</c> or <c>Finalizing</c>, or is settled closed), and left
    /// alone by the writes after that, which would only delete it again.</summary>
    private Task SyncFundsTimerAsync(RequestRecord record, CancellationToken cancellationToken)
    {
        var waiting = record.IsOpen && record.Stage == Stage.AwaitingFunds;
        var waitEnding = !record.IsOpen || record.Stage is Stage.Funding or Stage.Finalizing;
        return waiting || waitEnding
            ? KeepAsync(record.Id, StepTimer.FundsWait, StepTimer.Deadline, record.Funding?.WaitUntil, waiting, cancellationToken)
            : Task.CompletedTask;
    }

    /// <summary>Writes the timer at <paramref name="at"/> when <paramref name="wanted"/>, else removes it;
    /// nothing without an instant.</summary>
    private Task KeepAsync(string requestId, string step, string kind, DateTimeOffset? at, bool wanted, CancellationToken cancellationToken)
    {
        if (at is not { } instant)
        {
            return Task.CompletedTask;
        }

        var timer = new StepTimer(requestId, step, kind, instant);
        if (!wanted)
        {
            return RemoveTimerAsync(timer, cancellationToken);
        }

        var (partition, row) = KeyOf(timer);
        var entity = new TableEntity(partition, row)
        {
            ["RequestId"] = requestId,
            ["Step"] = step,
            ["Kind"] = kind,
            ["AtTicks"] = instant.UtcTicks,
        };
        return timers.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    private static (string Partition, string Row) KeyOf(StepTimer t) =>
        (TableExtensions.DayKey(t.At), $"{TableExtensions.TicksKey(t.At)}|{t.RequestId}|{t.Step}|{t.Kind}");
}
