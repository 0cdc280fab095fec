using System.Globalization;
using System.Text.RegularExpressions;

namespace Triage.HostCommon.Engine;

/// <summary>
/// Engine settings (section <c>Durable</c>), each mirroring a <c>host.json</c> setting of the Functions
/// app where one exists. The defaults are tuned for one machine; see <see cref="DurableEngine"/>.
/// </summary>
public sealed partial class EngineOptions
{
    public const string Section = "Durable";

    /// <summary>The rule for <see cref="TaskHubName"/>, as the Azure Storage provider (and Durable
    /// Functions in Azure) needs it: its queues, tables and blob containers are named after the hub.</summary>
    public const string TaskHubNameRule = "letters and digits only, starting with a letter, 3 to 45 characters";

    private string? workerId;

    public EngineBackend Backend { get; set; } = EngineBackend.Azure;

    /// <summary>host.json: <c>extensions.durableTask.hubName</c>. Checked at start
    /// (<see cref="ValidateTaskHubName"/>).</summary>
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

    /// <summary>host.json: <c>storageProvider.controlQueueBufferThreshold</c>. How many control-queue
    /// messages the Azure Storage backend holds in memory ahead of the dispatcher. A buffered message's
    /// lock cannot be renewed, so it must reach the dispatcher within <see cref="QueueVisibilityTimeout"/>
    /// even when a burst keeps every slot busy: 32 is about two seconds' work here, not the default 64.</summary>
    public int ControlQueueBufferThreshold { get; set; } = 32;

    /// <summary>host.json: <c>extendedSessionsEnabled</c>. Keeps a running orchestration's history in memory
    /// between episodes, so an activity's result is applied without loading the history again (Azure
    /// Storage backend only; the in-memory backend has nothing to load). Each load is a query of the
    /// <c>History</c> table, which Azurite answers by reading every row: docs/performance.md has the
    /// before and after.</summary>
    public bool ExtendedSessionsEnabled { get; set; } = true;

    /// <summary>host.json: <c>extendedSessionIdleTimeoutInSeconds</c>. How long a session waits for its
    /// next messages before its history is let go.</summary>
    public TimeSpan ExtendedSessionIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Port of the engine's gRPC endpoint on loopback; 0 picks a free one.</summary>
    public int GrpcPort { get; set; }

    /// <summary>The lease owner name. Unset, the host uses <see cref="DefaultWorkerId"/>: the machine
    /// and the port it listens on, which is the same across a restart of one host (so it takes its
    /// partitions back at once instead of waiting out its previous lease, 30 s by default) and differs
    /// between two hosts on one task hub (so they share the partitions instead of each taking the
    /// other's leases as its own). Read before the host resolves it: the machine and this process.
    /// (The configuration binder reads and writes it back, so whether it was configured is read from
    /// the configuration, <c>Durable:WorkerId</c>.)</summary>
    public string WorkerId
    {
        get => workerId ?? DefaultWorkerId(Environment.MachineName, urls: null, Environment.ProcessId);
        set => workerId = string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>How long a stop may wait for work in flight. The sidecar itself would wait up to an hour.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>True when <paramref name="name"/> is a valid task hub name (<see cref="TaskHubNameRule"/>).</summary>
    public static bool IsValidTaskHubName(string? name) => name is not null && TaskHubNamePattern().IsMatch(name);

    /// <summary>Throws, naming the setting and the rule, when <see cref="TaskHubName"/> is not valid; an
    /// invalid name would otherwise fail deep inside the storage provider, or not until the Functions
    /// app is deployed with it.</summary>
    public void ValidateTaskHubName()
    {
        if (!IsValidTaskHubName(TaskHubName))
        {
            throw new InvalidOperationException(
                $"The task hub name '{TaskHubName}' (setting {Section}:{nameof(TaskHubName)}, command line --hub) is not valid: " +
                $"use {TaskHubNameRule}, e.g. 'triage' or 'triage2'.");
        }
    }

    /// <summary>
    /// The default <see cref="WorkerId"/>: <c>{machine}-{port}</c>, the port being the first one in
    /// <paramref name="urls"/> (the <c>Urls</c> setting or <c>--urls</c>; 80 or 443 when a URL names
    /// none). Two hosts on one machine cannot listen on one port, and a restarted host listens on the
    /// same one again. With port 0 (a free port, picked at start, as tests do) or no URL, nothing stays
    /// the same across a restart anyway: then <c>{machine}-pid{process id}</c>.
    /// </summary>
    public static string DefaultWorkerId(string machineName, string? urls, int processId)
    {
        var machine = machineName.ToLowerInvariant();
        var port = FirstPort(urls);
        return port is > 0 ? $"{machine}-{port.Value.ToString(CultureInfo.InvariantCulture)}" : $"{machine}-pid{processId.ToString(CultureInfo.InvariantCulture)}";
    }

    private static int? FirstPort(string? urls)
    {
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null)
        {
            return null;
        }

        // Not Uri: "http://*:7071" and "http://+:7071" are valid Kestrel URLs but not valid URIs.
        var match = UrlPort().Match(first);
        if (!match.Success)
        {
            return null;
        }

        return match.Groups["port"].Success
            ? int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture)
            : match.Groups["scheme"].Value.Equals("https", StringComparison.OrdinalIgnoreCase) ? 443 : 80;
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]{2,44}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TaskHubNamePattern();

    // scheme://host[:port][/path]; an IPv6 host is bracketed ([::1]:7071).
    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(\[[^\]]*\]|[^/:\[]*)(:(?<port>\d{1,5}))?(/.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPort();
}
