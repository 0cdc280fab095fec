namespace Triage.LocalHost.Engine;

/// <summary>
/// Engine settings (section <c>Durable</c>), each mirroring a <c>host.json</c> setting of the Functions
/// app where one exists. The defaults are tuned for one machine; see <see cref="DurableEngine"/>.
/// </summary>
public sealed class EngineOptions
{
    public const string Section = "Durable";

    public EngineBackend Backend { get; set; } = EngineBackend.Azure;

    /// <summary>host.json: <c>extensions.durableTask.hubName</c>.</summary>
    public string TaskHubName { get; set; } = "triage";

    /// <summary>host.json: <c>storageProvider.partitionCount</c>. Four control queues let two cores work
    /// on several orchestrations at once without the lease churn of the default 4-of-16 layout.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>host.json: <c>storageProvider.maxQueuePollingInterval</c>. The 30 s default makes
    /// durable timers fire up to that much late; 1 s keeps them on time (figures: docs/performance.md).</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>host.json: <c>maxConcurrentOrchestratorFunctions</c>.</summary>
    public int MaxConcurrentOrchestrations { get; set; } = 100;

    /// <summary>host.json: <c>maxConcurrentActivityFunctions</c>.</summary>
    public int MaxConcurrentActivities { get; set; } = 100;

    /// <summary>How long a dequeued control or work-item message stays invisible before another worker
    /// may take it. The provider's 5-minute default means that after a kill -9 the work the dead process
    /// had taken waits 5 minutes to be redone; on one machine with one worker 30 s is plenty (the
    /// dispatcher renews the lock of work that runs longer).</summary>
    public TimeSpan QueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Port of the engine's gRPC endpoint on loopback; 0 picks a free one.</summary>
    public int GrpcPort { get; set; }

    /// <summary>The lease owner name. Stable across restarts so a restarted host takes its partitions
    /// back at once instead of waiting out the previous owner's lease (30 s by default).</summary>
    public string WorkerId { get; set; } = "triage-localhost";

    /// <summary>How long a stop may wait for work in flight. The sidecar itself would wait up to an hour.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
