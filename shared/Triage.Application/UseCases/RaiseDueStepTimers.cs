using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Triage.Application.Orchestration;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>
/// Raises the step timers that have come (docs/decisions/0035): each due row of the <c>StepTimers</c>
/// table becomes a <see cref="TriageEvents.StepTimer"/> event on its request's orchestration, then the row
/// is removed. Run by a timer in both hosts: the self-host's <c>StepTimerService</c> every
/// <c>Workflow:StepTimerInterval</c> (10 s) and the Functions app's <c>RaiseDueStepTimers</c> every 10 s, so
/// a reminder or deadline comes within that interval of its time.
/// <para>At least once: a crash between the event and the removal, or two hosts running it at once, raise
/// an event twice, and the step takes a timer once (a second reminder or deadline is only logged). A row
/// whose orchestration does not exist any more is removed; on any other failure the row stays and the next
/// run raises it.</para>
/// <para>Cost: one range query per page of due rows (the rows are keyed by their instant), one event and
/// one delete per row; nothing per waiting step in between.</para>
/// </summary>
public sealed class RaiseDueStepTimers(PendingApprovalStore pendingApprovals, TimeProvider clock, ILogger<RaiseDueStepTimers> logger)
{
    /// <summary>Rows read per page; a run reads at most <see cref="MaxPages"/> pages and leaves the rest
    /// to the next.</summary>
    public const int PageSize = 200;
    public const int MaxPages = 10;

    /// <summary>Raises what is due; returns how many timers were raised.</summary>
    public async Task<int> RunAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var raised = 0;
        for (var page = 0; page < MaxPages; page++)
        {
            var due = await pendingApprovals.DueTimersAsync(clock.GetUtcNow(), PageSize, cancellationToken);
            var failed = 0;
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (timer, ct) =>
            {
                if (await RaiseAsync(client, timer, ct))
                {
                    Interlocked.Increment(ref raised);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            });

            // A page with a row that stays (a failure) is read again next run, not in a loop now.
            if (due.Count < PageSize || failed > 0)
            {
                break;
            }
        }

        if (raised > 0)
        {
            logger.LogInformation("{Raised} step timer(s) raised", raised);
        }

        return raised;
    }

    private async Task<bool> RaiseAsync(DurableTaskClient client, StepTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            await client.RaiseEventAsync(timer.RequestId, TriageEvents.StepTimer(timer.Step), new StepTimerEvent(timer.Kind, timer.At), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (await client.GetInstanceAsync(timer.RequestId, getInputsAndOutputs: false, cancellationToken) is not null)
            {
                logger.LogWarning(ex, "Raising the {Kind} of {RequestId} at {Step} failed; the next run tries again", timer.Kind, timer.RequestId, timer.Step);
                return false;
            }

            // No orchestration to tell (purged): the row has nobody to wait for it.
        }

        await pendingApprovals.RemoveTimerAsync(timer, cancellationToken);
        return true;
    }
}
