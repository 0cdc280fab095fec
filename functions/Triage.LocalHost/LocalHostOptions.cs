using Azure.Core.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Triage.HostCommon;
using Triage.HostCommon.Engine;
using Triage.Storage;

namespace Triage.LocalHost;

/// <summary>Typed options for starting the self-host in-process (tests, benchmarks); each becomes a
/// configuration setting, so everything here can also be set on the command line or in the environment.</summary>
public sealed record LocalHostOptions
{
    /// <summary>Command-line switches of the self-host (<c>--backend memory</c>).</summary>
    public static Dictionary<string, string> SwitchMappings => HostSwitches.Mappings;

    public EngineBackend Backend { get; init; } = EngineBackend.Memory;

    /// <summary>0 picks a free port on 127.0.0.1.</summary>
    public int Port { get; init; }

    public string TaskHubName { get; init; } = "t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Table and queue name prefix (see <see cref="StorageNames"/>); a fresh one per fixture.</summary>
    public string NamePrefix { get; init; } = "t" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Registers the engine-check orchestrations (<see cref="EngineChecks"/>).</summary>
    public bool Diagnostics { get; init; }

    /// <summary>Registrations made before the host's own, which keep them (e.g. a <see cref="StorageClients"/>
    /// whose pipeline a test observes); not a setting, so not on the command line.</summary>
    public Action<IServiceCollection>? Services { get; init; }

    /// <summary>In the pipeline of the engine's own storage calls (Azure Storage backend; tests count its
    /// history loads with it); not a setting either.</summary>
    public HttpPipelinePolicy? EngineStoragePolicy { get; init; }

    /// <summary>Any other setting, by configuration key.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    public string[] ToArgs()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = $"http://127.0.0.1:{Port}",
            ["Durable:Backend"] = Backend.ToString(),
            ["Durable:TaskHubName"] = TaskHubName,
            [StorageNames.PrefixSetting] = NamePrefix,
            ["Diagnostics:Enabled"] = Diagnostics ? "true" : "false",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        return settings.Where(s => s.Value is not null).Select(s => $"--{s.Key}={s.Value}").ToArray();
    }
}
