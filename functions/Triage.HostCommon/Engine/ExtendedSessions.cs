using System.Collections.Concurrent;
using System.Threading.Channels;
using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace Triage.HostCommon.Engine;

/// <summary>
/// Extended sessions for the sidecar: an orchestration's history stays in memory between its episodes,
/// so the next batch of messages for it (an activity's result a moment later) runs without loading the
/// history again. The Azure Storage backend supports this (<c>ExtendedSessionsEnabled</c>: a work item
/// carries its <see cref="TaskOrchestrationWorkItem.Session"/>, and messages for an instance whose session
/// is open go to that session instead of a fresh history load), but only a dispatcher that asks the
/// session for its next messages gains anything, and the sidecar's dispatcher releases every work item
/// after one episode. So this class plays the Durable Task Framework's session loop from outside it:
/// <list type="bullet">
/// <item>A work item whose episode was committed and whose orchestration is still running is not
/// released when the dispatcher lets it go; it is <em>parked</em>: it waits for its session's next
/// messages (<see cref="IOrchestrationSession.FetchNewOrchestrationMessagesAsync"/>) for at most the
/// backend's idle timeout, without holding a dispatcher slot.</item>
/// <item>When messages come, the work item goes back to the dispatcher through
/// <see cref="LockNextAsync"/>, ahead of new work, with its history as it was committed (every event
/// now a past event, so the backend appends only the new episode's events) and the new messages.</item>
/// <item>When none come in time, or the work item was abandoned, failed to commit, or finished, it is
/// released to the backend as before; the backend then puts any late messages back in its queue.</item>
/// </list>
/// What it costs: a parked session holds its instance's history in memory (at most
/// <paramref name="capacity"/> of them) and keeps the messages that arrive for it out of other
/// workers' reach until it wakes or times out; one host per task hub here, so nothing else wants them.
/// </summary>
internal sealed class ExtendedSessions(
    IOrchestrationService inner, int capacity, Action<TaskOrchestrationWorkItem> lockTaken, Action<TaskOrchestrationWorkItem> lockGivenUp, ILogger logger)
{
    private readonly Channel<TaskOrchestrationWorkItem> resumed = Channel.CreateUnbounded<TaskOrchestrationWorkItem>();
    private readonly ConcurrentDictionary<TaskOrchestrationWorkItem, OrchestrationRuntimeState> committed = new(ReferenceEqualityComparer.Instance);
    private readonly Lock gate = new();
    private Task<TaskOrchestrationWorkItem?>? nextFromBackend;
    private int parked;

    /// <summary>Sessions waiting for their next messages now.</summary>
    public int Parked => Volatile.Read(ref parked);

    /// <summary>
    /// The next work item: a parked session that has new messages if there is one, otherwise the
    /// backend's next. The backend's lock call is not cancelled when a session wakes first (its
    /// dequeued messages would be lost with it); it stays pending and the next call takes its result.
    /// </summary>
    public async Task<TaskOrchestrationWorkItem?> LockNextAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        if (resumed.Reader.TryRead(out var again))
        {
            return again;
        }

        Task<TaskOrchestrationWorkItem?> fromBackend;
        lock (gate)
        {
            fromBackend = nextFromBackend ??= LockFromBackendAsync(receiveTimeout, cancellationToken);
        }

        // The wait is cancelled as soon as either side answers, so waits do not pile up in the channel.
        using (var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            await Task.WhenAny(fromBackend, resumed.Reader.WaitToReadAsync(stopWaiting.Token).AsTask());
            await stopWaiting.CancelAsync();
        }

        if (resumed.Reader.TryRead(out again))
        {
            return again;
        }

        lock (gate)
        {
            nextFromBackend = null;
        }

        return await fromBackend;
    }

    /// <summary>The episode of <paramref name="workItem"/> is committed with <paramref name="state"/>.</summary>
    public void Committed(TaskOrchestrationWorkItem workItem, OrchestrationRuntimeState state) => committed[workItem] = state;

    /// <summary>The work item was abandoned: its session must not go on.</summary>
    public void Abandoned(TaskOrchestrationWorkItem workItem) => committed.TryRemove(workItem, out _);

    /// <summary>Parks the work item when it can go on, otherwise releases it to the backend.</summary>
    public Task ReleaseAsync(TaskOrchestrationWorkItem workItem)
    {
        if (workItem.Session is { } session
            && committed.TryRemove(workItem, out var state)
            && state.OrchestrationStatus == OrchestrationStatus.Running
            && TryTakeParkingPlace())
        {
            _ = WaitForMessagesAsync(workItem, session, state);
            return Task.CompletedTask;
        }

        committed.TryRemove(workItem, out _);
        return inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);
    }

    /// <summary>Stops handing out sessions; the ones already woken are abandoned so that their messages
    /// become visible again at once (the parked ones end when the backend stops).</summary>
    public async Task StopAsync()
    {
        resumed.Writer.TryComplete();
        while (resumed.Reader.TryRead(out var workItem))
        {
            lockGivenUp(workItem);
            try
            {
                await inner.AbandonTaskOrchestrationWorkItemAsync(workItem);
                await inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);
            }
            catch (Exception ex)
            {
                logger.LogDebug(ex, "Could not give back the session of {Instance} at stop", workItem.InstanceId);
            }
        }
    }

    private async Task<TaskOrchestrationWorkItem?> LockFromBackendAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);
        if (workItem is not null)
        {
            // Its messages are locked from now on, whether or not a dispatcher takes it at once.
            lockTaken(workItem);
        }

        return workItem;
    }

    private bool TryTakeParkingPlace()
    {
        if (Interlocked.Increment(ref parked) <= capacity)
        {
            return true;
        }

        Interlocked.Decrement(ref parked);
        return false;
    }

    private async Task WaitForMessagesAsync(TaskOrchestrationWorkItem workItem, IOrchestrationSession session, OrchestrationRuntimeState state)
    {
        IList<TaskMessage>? messages = null;
        try
        {
            messages = await session.FetchNewOrchestrationMessagesAsync(workItem);
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "The session of {Instance} ended while waiting for messages", workItem.InstanceId);
        }
        finally
        {
            Interlocked.Decrement(ref parked);
        }

        if (messages is { Count: > 0 })
        {
            // The committed history, all of it past now: the backend appends only what the next episode adds.
            workItem.OrchestrationRuntimeState = new OrchestrationRuntimeState(state.Events) { Status = state.Status };
            workItem.NewMessages = messages;
            workItem.IsExtendedSession = true;
            lockTaken(workItem);
            if (resumed.Writer.TryWrite(workItem))
            {
                return;
            }

            lockGivenUp(workItem);
        }

        try
        {
            await inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);
        }
        catch (Exception ex)
        {
            // Stopping: the backend forgets its sessions anyway.
            logger.LogDebug(ex, "Could not release the session of {Instance}", workItem.InstanceId);
        }
    }
}
