using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Extensions.Logging;

namespace Triage.HostCommon.Engine;

/// <summary>
/// Passes every call through to a backend but reports its own concurrency caps, and keeps the locks of
/// the work items in flight. The sidecar's dispatchers admit at most <c>MaxConcurrentTask*WorkItems</c>
/// work items and, when full, look again only every 500 ms. <c>InMemoryOrchestrationService</c> fixes
/// both caps at the processor count, which on a small machine throttles the whole engine
/// (docs/performance.md has the before and after). The sidecar also never renews a work item's lock
/// (the Durable Task Framework's own dispatchers do): on the Azure Storage backend a work item that
/// takes longer than the queue visibility timeout — a burst queued behind a busy storage emulator — is
/// handed out a second time while the first copy still runs, and an orchestration whose
/// <c>ExecutionStarted</c> is delivered twice can end stuck ("Multiple ExecutionStartedEvent found").
/// So every <paramref name="renewEvery"/> the lock of each work item in flight is renewed, until it is
/// completed, abandoned or released. With <paramref name="extendedSessions"/> above zero, up to that
/// many orchestrations keep their history in memory between episodes (<see cref="ExtendedSessions"/>).
/// A start sent twice is run once (<see cref="DropRepeatedStarts"/>). The client side is the backend's
/// own behind <see cref="KeyedStartClient"/>.
/// </summary>
internal sealed class CappedOrchestrationService : IOrchestrationService
{
    private readonly ConcurrentDictionary<object, CancellationTokenSource> renewals = new(ReferenceEqualityComparer.Instance);
    private readonly IOrchestrationService inner;
    private readonly int maxOrchestrations;
    private readonly int maxActivities;
    private readonly TimeSpan? renewEvery;
    private readonly ILogger logger;
    private readonly ExtendedSessions? sessions;
    private Lazy<Task>? stopping;

    public CappedOrchestrationService(IOrchestrationService inner, int maxOrchestrations, int maxActivities, TimeSpan? renewEvery, int extendedSessions, ILogger logger)
    {
        this.inner = inner;
        this.maxOrchestrations = maxOrchestrations;
        this.maxActivities = maxActivities;
        this.renewEvery = renewEvery;
        this.logger = logger;
        if (extendedSessions > 0)
        {
            sessions = new ExtendedSessions(inner, extendedSessions, RenewOrchestrationLock, StopRenewing, logger);
        }
    }

    public int MaxConcurrentTaskOrchestrationWorkItems => maxOrchestrations;

    public int MaxConcurrentTaskActivityWorkItems => maxActivities;

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    public Task StartAsync() => inner.StartAsync();

    public Task StopAsync() => StopAsync(isForced: false);

    /// <summary>Stops the backend once: the sidecar stops it when its host stops, and the engine again
    /// when that stop was cut short; the Azure Storage backend throws on a second stop, and the sidecar's
    /// stop runs where an exception ends the process.</summary>
    public Task StopAsync(bool isForced)
    {
        var stop = new Lazy<Task>(() => StopOnceAsync(isForced));
        return (Interlocked.CompareExchange(ref stopping, stop, null) ?? stop).Value;
    }

    public Task CreateAsync() => inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        if (sessions is not null)
        {
            return DropRepeatedStarts((await sessions.LockNextAsync(receiveTimeout, cancellationToken))!, logger);
        }

        var workItem = await inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);
        if (workItem is not null)
        {
            RenewOrchestrationLock(workItem);
        }

        return DropRepeatedStarts(workItem!, logger);
    }

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public async Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        StopRenewing(workItem);
        await inner.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);

        // Only a committed episode may go on in memory: anything else reloads the history from storage.
        sessions?.Committed(workItem, newOrchestrationRuntimeState ?? workItem.OrchestrationRuntimeState);
    }

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        StopRenewing(workItem);
        sessions?.Abandoned(workItem);
        return inner.AbandonTaskOrchestrationWorkItemAsync(workItem);
    }

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        StopRenewing(workItem);
        return sessions?.ReleaseAsync(workItem) ?? inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);
    }

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);
        if (workItem is not null)
        {
            StartRenewing(workItem, workItem.Id, () => inner.RenewTaskActivityWorkItemLockAsync(workItem));
        }

        return workItem!;
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        StopRenewing(workItem);
        return inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
    }

    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        StopRenewing(workItem);
        return inner.AbandonTaskActivityWorkItemAsync(workItem);
    }

    private async Task StopOnceAsync(bool isForced)
    {
        await inner.StopAsync(isForced);
        if (sessions is not null)
        {
            await sessions.StopAsync();
        }
    }

    /// <summary>
    /// Leaves out every <c>ExecutionStarted</c> of the work item's new messages after the first one of its
    /// execution, in its history or earlier in the batch: the same start sent twice (a retried start with
    /// the same start key, <see cref="KeyedStartClient"/>). The Durable Task Framework's own dispatcher
    /// drops them too ("Duplicate start event"); the sidecar's adds them to the history, which then no
    /// longer loads ("Multiple ExecutionStartedEvent found"). With nothing left the episode runs with no
    /// new event: the orchestration replays, does nothing new, and the backend deletes the messages.
    /// </summary>
    internal static TaskOrchestrationWorkItem DropRepeatedStarts(TaskOrchestrationWorkItem workItem, ILogger logger)
    {
        if (workItem?.NewMessages is not { } messages)
        {
            return workItem!;
        }

        var started = workItem.OrchestrationRuntimeState?.ExecutionStartedEvent is not null;
        List<TaskMessage>? kept = null;
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i].Event is ExecutionStartedEvent)
            {
                if (started)
                {
                    logger.LogWarning("Orchestration {InstanceId}: a repeated start of execution {ExecutionId} left out", workItem.InstanceId, messages[i].OrchestrationInstance?.ExecutionId);
                    kept ??= [.. messages.Take(i)];
                    continue;
                }

                started = true;
            }

            kept?.Add(messages[i]);
        }

        if (kept is not null)
        {
            workItem.NewMessages = kept;
        }

        return workItem;
    }

    private void RenewOrchestrationLock(TaskOrchestrationWorkItem workItem) =>
        StartRenewing(workItem, workItem.InstanceId, () => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem));

    /// <summary>Renews the work item's lock every <paramref name="renewEvery"/> until <see cref="StopRenewing"/>.</summary>
    private void StartRenewing(object workItem, string id, Func<Task> renew)
    {
        if (renewEvery is not { } every)
        {
            return;
        }

        var stop = new CancellationTokenSource();
        renewals[workItem] = stop;
        _ = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(every);
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                {
                    try
                    {
                        await renew();
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // Lost (completed in between, or storage refused): the engine redelivers it at worst.
                        logger.LogWarning(ex, "Could not renew the lock of work item {WorkItem}", id);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped: the work item is done.
            }
            finally
            {
                stop.Dispose();
            }
        });
    }

    private void StopRenewing(object workItem)
    {
        if (renewals.TryRemove(workItem, out var stop))
        {
            stop.Cancel();
        }
    }
}
