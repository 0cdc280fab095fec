using Azure.Data.Tables;
using Triage.Contracts;

namespace Triage.Storage;

/// <summary>
/// The timers of the waiting steps, table <c>StepTimers</c>: a row per reminder point and deadline still
/// to come, partition = the UTC day it falls on (<c>yyyyMMdd</c>), row key = its instant in ticks, then
/// the request, the step and the kind, so the rows that are due are one range read in key order
/// (<see cref="DueTimersAsync"/>). <see cref="SyncAsync"/> keeps them with the inbox entry: a waiting step
/// has its deadline and, until it was reminded or escalated, its reminder point; a step that no longer
/// waits has none. They stand in for durable timers (docs/decisions/0035): a timer on the engine's
/// Azure Storage backend is a message in its control queue until its time, and a waiting step must
/// not cost a message.
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
            Timer(StepTimer.Deadline, approval.Deadline, waiting),
            Timer(StepTimer.Reminder, approval.ReminderAt, reminderWanted));

        Task Timer(string kind, DateTimeOffset? at, bool wanted)
        {
            if (at is not { } instant)
            {
                return Task.CompletedTask;
            }

            var timer = new StepTimer(requestId, approval.Step, kind, instant);
            if (!wanted)
            {
                return RemoveTimerAsync(timer, cancellationToken);
            }

            var (partition, row) = KeyOf(timer);
            var entity = new TableEntity(partition, row)
            {
                ["RequestId"] = requestId,
                ["Step"] = approval.Step,
                ["Kind"] = kind,
                ["AtTicks"] = instant.UtcTicks,
            };
            return timers.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        }
    }

    private static (string Partition, string Row) KeyOf(StepTimer t) =>
        (TableExtensions.DayKey(t.At), $"{TableExtensions.TicksKey(t.At)}|{t.RequestId}|{t.Step}|{t.Kind}");
}
