using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.Extensions.Logging.Abstractions;
using Triage.Application.Orchestration;
using Triage.HostCommon.Engine;

namespace Triage.Hosting.Tests.Engine;

/// <summary>
/// A start sent twice is run once in the self-host's engine: starts with the same key get the same
/// execution id, and the engine's dispatching side leaves out every start of an execution after the
/// first, in its history or earlier in the same batch (the sidecar would add it to the history, which
/// then no longer loads). The end-to-end cases, on the Azure Storage backend, are in the workflow tests
/// (<c>AzureBackendTests</c>: one submit sent four times at once; a start repeated while a request waits).
/// </summary>
public sealed class RepeatedStartTests
{
    private const string Instance = "GEO-20261130-0123456789ab";

    [Fact]
    public void TheExecutionId_IsTheInstanceAndKeys_TheSameForTheSameStart()
    {
        Assert.Equal(KeyedStartClient.ExecutionIdOf(Instance, "0"), KeyedStartClient.ExecutionIdOf(Instance, "0"));
        Assert.NotEqual(KeyedStartClient.ExecutionIdOf(Instance, "0"), KeyedStartClient.ExecutionIdOf(Instance, "1"));
        Assert.NotEqual(KeyedStartClient.ExecutionIdOf(Instance, "0"), KeyedStartClient.ExecutionIdOf("GEO-20261130-ba9876543210", "0"));
        Assert.Matches("^[0-9a-f]{32}$", KeyedStartClient.ExecutionIdOf(Instance, "0"));
    }

    [Fact]
    public async Task AStartWithAKey_GetsItsKeysExecutionId_AStartWithoutOne_KeepsItsOwn()
    {
        var client = new KeyedStartClient(new RecordingClient());
        var keyed = Start("random-1", new Dictionary<string, string> { [OrchestrationStart.KeyTag] = "2" });
        var plain = Start("random-2", null);

        await client.CreateTaskOrchestrationAsync(keyed, []);
        await client.CreateTaskOrchestrationAsync(plain);

        Assert.Equal(KeyedStartClient.ExecutionIdOf(Instance, "2"), keyed.OrchestrationInstance.ExecutionId);
        Assert.Equal(keyed.OrchestrationInstance.ExecutionId, ((ExecutionStartedEvent)keyed.Event).OrchestrationInstance.ExecutionId);
        Assert.Equal("random-2", plain.OrchestrationInstance.ExecutionId);
    }

    [Fact]
    public void ARepeatedStart_OfARunningExecution_IsLeftOut_TheOtherMessagesKept()
    {
        var history = new List<HistoryEvent> { new OrchestratorStartedEvent(-1), StartedEvent("e") };
        var raised = Message(new EventRaisedEvent(-1, "{}") { Name = "decision" });
        var workItem = WorkItem(history, Message(StartedEvent("e")), raised);

        CappedOrchestrationService.DropRepeatedStarts(workItem, NullLogger.Instance);

        Assert.Same(raised, Assert.Single(workItem.NewMessages));
    }

    [Fact]
    public void TwoStartsInOneBatch_OfANewExecution_TheFirstIsKept()
    {
        var first = Message(StartedEvent("e"));
        var workItem = WorkItem([], first, Message(StartedEvent("e")));

        CappedOrchestrationService.DropRepeatedStarts(workItem, NullLogger.Instance);

        Assert.Same(first, Assert.Single(workItem.NewMessages));
    }

    [Fact]
    public void AFirstStart_AndAnExecutionsOtherMessages_AreLeftAlone()
    {
        var start = WorkItem([], Message(StartedEvent("e")));
        var running = WorkItem([StartedEvent("e")], Message(new EventRaisedEvent(-1, "{}") { Name = "decision" }));
        var (startMessages, runningMessages) = (start.NewMessages, running.NewMessages);

        CappedOrchestrationService.DropRepeatedStarts(start, NullLogger.Instance);
        CappedOrchestrationService.DropRepeatedStarts(running, NullLogger.Instance);

        Assert.Same(startMessages, start.NewMessages);
        Assert.Same(runningMessages, running.NewMessages);
    }

    private static ExecutionStartedEvent StartedEvent(string executionId) =>
        new(-1, "{}") { Name = "TriageOrchestration", OrchestrationInstance = new OrchestrationInstance { InstanceId = Instance, ExecutionId = executionId } };

    private static TaskMessage Start(string executionId, IDictionary<string, string>? tags)
    {
        var instance = new OrchestrationInstance { InstanceId = Instance, ExecutionId = executionId };
        return new TaskMessage { OrchestrationInstance = instance, Event = new ExecutionStartedEvent(-1, "{}") { OrchestrationInstance = instance, Tags = tags } };
    }

    private static TaskMessage Message(HistoryEvent e) =>
        new() { Event = e, OrchestrationInstance = new OrchestrationInstance { InstanceId = Instance, ExecutionId = "e" } };

    private static TaskOrchestrationWorkItem WorkItem(List<HistoryEvent> history, params TaskMessage[] messages) =>
        new() { InstanceId = Instance, OrchestrationRuntimeState = new OrchestrationRuntimeState(history), NewMessages = [.. messages] };

    /// <summary>Takes the start and keeps nothing: what is asserted is what the wrapper hands on.</summary>
    private sealed class RecordingClient : IOrchestrationServiceClient
    {
        public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => Task.CompletedTask;

        public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses) => Task.CompletedTask;

        public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => throw new NotSupportedException();

        public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages) => throw new NotSupportedException();

        public Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) => throw new NotSupportedException();

        public Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions) => throw new NotSupportedException();

        public Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId) => throw new NotSupportedException();

        public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId) => throw new NotSupportedException();

        public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType) => throw new NotSupportedException();
    }
}
