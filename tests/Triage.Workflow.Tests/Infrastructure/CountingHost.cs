using Microsoft.Extensions.DependencyInjection;
using Triage.LocalHost;
using Triage.LocalHost.Engine;
using Triage.Storage;

namespace Triage.Workflow.Tests.Infrastructure;

/// <summary>
/// A self-host started in-process for a test that counts its storage calls: its own table and queue
/// prefix (and task hub), the app's storage clients through <c>app</c> and the engine's through
/// <c>engine</c> when given, and nothing in the background while counting (no reconciler sweeps, no
/// decision polls, no reference-data refreshes). Disposing stops it and deletes what it stored.
/// </summary>
public sealed class CountingHost : IAsyncDisposable
{
    private CountingHost(TriageLocalHost host, string hub)
    {
        Host = host;
        Hub = hub;
    }

    public TriageLocalHost Host { get; }

    /// <summary>The engine's task hub (its tables and queues are named after it).</summary>
    public string Hub { get; }

    public static async Task<CountingHost> StartAsync(EngineBackend backend, StorageCallCounter? app = null, StorageCallCounter? engine = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var prefix = TestStorage.NewPrefix();
        var hub = "ch" + Guid.NewGuid().ToString("N")[..12];
        var all = new Dictionary<string, string?>
        {
            [StorageClients.ConnectionName] = TestStorage.ConnectionString,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Auth:SigningKey"] = TestStorage.SigningKeyBase64,
            ["Auth:DevelopmentKey"] = "false",
            ["Reconciler:Interval"] = "00:00:00",
            ["Queues:PollingInterval"] = "01:00:00",
            ["ReferenceData:RefreshInterval"] = "01:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var host = await TriageLocalHost.StartAsync(new LocalHostOptions
        {
            Backend = backend,
            TaskHubName = hub,
            NamePrefix = prefix,
            Services = app is null ? null : services => services.AddSingleton(new StorageClients(TestStorage.ConnectionString, new StorageNames(prefix), app)),
            EngineStoragePolicy = engine,
            Settings = all,
        });
        return new CountingHost(host, hub);
    }

    public async ValueTask DisposeAsync()
    {
        var storage = Host.Storage;
        await Host.DisposeAsync();
        await TestStorage.DeleteAsync(storage);
        await TestStorage.DeleteTaskHubAsync(Hub);
    }
}
