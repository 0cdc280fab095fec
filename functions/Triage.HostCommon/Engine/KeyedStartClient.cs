using System.Security.Cryptography;
using System.Text;
using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using Triage.Application.Orchestration;

namespace Triage.HostCommon.Engine;

/// <summary>
/// The backend's client as the sidecar sees it, with one change: a start that carries a start key
/// (<see cref="OrchestrationStart.KeyTag"/>) gets an execution id made of its instance id and that key,
/// where the sidecar would give it a random one. Two starts with the same key are then the same
/// execution: the Azure Storage backend hands their messages to one session (it groups an instance's
/// messages by execution id), and <see cref="CappedOrchestrationService"/> drops every
/// <c>ExecutionStarted</c> after the first. That is what lets the engine do without the backend's own
/// check of start messages, which defers for 2 seconds a start message dequeued before its client has
/// written the <c>Instances</c> row (the backend sends the message first, then writes the row), one start
/// in sixteen at 10 requests a second on Azurite (docs/decisions/0039). Everything else passes through.
/// </summary>
internal sealed class KeyedStartClient(IOrchestrationServiceClient inner)
    : IOrchestrationServiceClient, IOrchestrationServiceQueryClient, IOrchestrationServicePurgeClient
{
    /// <summary>The execution id of the start of <paramref name="instanceId"/> with <paramref name="key"/>.</summary>
    public static string ExecutionIdOf(string instanceId, string key) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(instanceId + "\n" + key)).AsSpan(0, 16)).ToString("N");

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => inner.CreateTaskOrchestrationAsync(Keyed(creationMessage));

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses) =>
        inner.CreateTaskOrchestrationAsync(Keyed(creationMessage), dedupeStatuses);

    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => inner.SendTaskOrchestrationMessageAsync(message);

    public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages) => inner.SendTaskOrchestrationMessageBatchAsync(messages);

    public Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken) =>
        inner.WaitForOrchestrationAsync(instanceId, executionId, timeout, cancellationToken);

    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) => inner.ForceTerminateTaskOrchestrationAsync(instanceId, reason);

    public Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions) => inner.GetOrchestrationStateAsync(instanceId, allExecutions);

    public Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId) => inner.GetOrchestrationStateAsync(instanceId, executionId);

    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId) => inner.GetOrchestrationHistoryAsync(instanceId, executionId);

    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType) =>
        inner.PurgeOrchestrationHistoryAsync(thresholdDateTimeUtc, timeRangeFilterType);

    public Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken) =>
        ((IOrchestrationServiceQueryClient)inner).GetOrchestrationWithQueryAsync(query, cancellationToken);

    public Task<PurgeResult> PurgeInstanceStateAsync(string instanceId) => ((IOrchestrationServicePurgeClient)inner).PurgeInstanceStateAsync(instanceId);

    public Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter) =>
        ((IOrchestrationServicePurgeClient)inner).PurgeInstanceStateAsync(purgeInstanceFilter);

    private static TaskMessage Keyed(TaskMessage creationMessage)
    {
        if (creationMessage.Event is ExecutionStartedEvent { Tags: { } tags } started
            && tags.TryGetValue(OrchestrationStart.KeyTag, out var key)
            && creationMessage.OrchestrationInstance is { InstanceId: { } instanceId } instance)
        {
            // The sidecar gives the message and its event one instance object; both are set all the same.
            instance.ExecutionId = ExecutionIdOf(instanceId, key);
            if (started.OrchestrationInstance is { } own)
            {
                own.ExecutionId = instance.ExecutionId;
            }
        }

        return creationMessage;
    }
}
