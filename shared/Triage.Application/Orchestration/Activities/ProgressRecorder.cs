using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.Orchestration.Activities;

/// <summary>
/// Writes a stage's read-model update and the timeline entry that explains it. The
/// <see cref="RecordProgress"/> activity does only this; the activity that does a stage's work does it
/// first, with the <see cref="RecordProgressInput"/> the orchestration put in its input (one activity
/// call fewer per stage: fewer orchestration episodes and storage round trips). Idempotent: the update
/// carries a version (an older one never overwrites a newer one) and the timeline entry a key, and the
/// row remembers the key and time of the entry it was last written with, so the same step computed again
/// at a later time (an episode replayed after a crash) leaves one entry, at its first time. A write
/// that carries approval steps (or a wait for funds) also brings the index of pending approvals (the inbox)
/// and the step timers into line with the row as stored (<see cref="PendingApprovalStore.SyncAsync"/>).
/// </summary>
public sealed class ProgressRecorder(RequestStore requests, TimelineStore timeline, PendingApprovalStore pendingApprovals)
{
    /// <summary>Writes <paramref name="progress"/>; returns the request as stored after it (null when there
    /// was nothing to write).</summary>
    public async Task<RequestRecord?> RecordAsync(RecordProgressInput? progress, CancellationToken cancellationToken)
    {
        if (progress is null)
        {
            return null;
        }

        using var span = TriageTelemetry.StartStage(progress.Update.Lifecycle.Stage.ToString(), progress.Update.RequestId, progress.CorrelationId);
        var (stored, firstAt) = await requests.UpdateAsync(progress.Update, progress.Event?.Key, cancellationToken);
        if (progress.Update.Approvals?.Any(a => a.Since is not null) == true || progress.Update.Funding?.WaitUntil is not null)
        {
            await pendingApprovals.SyncAsync(stored, cancellationToken);
        }
        if (progress.Event is { } entry)
        {
            // The same step written again keeps its entry's first time: one row, not two.
            await timeline.AppendAsync(firstAt is { } at ? entry with { At = at } : entry, cancellationToken);
        }

        if (progress.Update.Lifecycle.Outcome is { } outcome && progress.Event?.Kind == "outcome")
        {
            TriageTelemetry.RequestsCompleted.Add(1, new KeyValuePair<string, object?>(TriageTelemetry.Tags.Outcome, outcome.ToString()));
        }

        return stored;
    }
}
