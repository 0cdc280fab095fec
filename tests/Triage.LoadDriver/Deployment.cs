using System.Diagnostics;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Triage.Storage;
using Triage.Testing;

namespace Triage.LoadDriver;

/// <summary>
/// What the driver loads: where the API listens, the storage account whose queues carry the approval
/// notifications and decisions, and the tokens to act with. By default a self-host started here as its
/// own process, on a fresh Azurite of the driver's own; or any deployment given by URL, storage and
/// token. Disposing stops only what was started here.
/// </summary>
internal sealed class Deployment : IAsyncDisposable
{
    private readonly SelfHostProcess? selfHost;
    private readonly Process? hostProcess;

    private Deployment(Uri baseAddress, StorageClients storage, TokenSet tokens, string description, AzuriteProcess? azurite, SelfHostProcess? selfHost, Process? hostProcess)
    {
        BaseAddress = baseAddress;
        Storage = storage;
        Tokens = tokens;
        Description = description;
        Azurite = azurite;
        this.selfHost = selfHost;
        this.hostProcess = hostProcess;
    }

    public Uri BaseAddress { get; }

    public StorageClients Storage { get; }

    public TokenSet Tokens { get; }

    public string Description { get; }

    /// <summary>The Azurite started for this deployment; null for a given one.</summary>
    public AzuriteProcess? Azurite { get; }

    /// <summary>The host's working set now and its peak, in bytes; null when the host is elsewhere.</summary>
    public (long Now, long Peak)? HostMemory
    {
        get
        {
            if (hostProcess is null || hostProcess.HasExited)
            {
                return null;
            }

            hostProcess.Refresh();
            return (hostProcess.WorkingSet64, hostProcess.PeakWorkingSet64);
        }
    }

    /// <summary>The self-host as its own process (so its memory and its leftovers are its own), on a
    /// fresh Azurite; with <paramref name="diagnostics"/>, with the engine-check orchestrations too.</summary>
    public static async Task<Deployment> StartSelfHostAsync(DriverOptions options, EngineBackend backend, bool diagnostics = false)
    {
        var azurite = await AzuriteProcess.StartAsync(options.AzuritePort, Results.File($"azurite-{DateTime.UtcNow:yyyyMMdd-HHmmss-fff}.log"));
        var host = new SelfHostProcess(
            $"--{StorageClients.ConnectionName}={azurite.ConnectionString}",
            $"--Durable:Backend={backend}",
            $"--Diagnostics:Enabled={diagnostics}",
            "--Logging:LogLevel:Default=Warning");
        try
        {
            await host.StartAsync(TimeSpan.FromMinutes(2));
        }
        catch
        {
            await host.DisposeAsync();
            await azurite.DisposeAsync();
            throw;
        }

        var process = Process.GetProcessById(host.ProcessId!.Value);
        return new Deployment(host.ApiAddress, new StorageClients(azurite.ConnectionString), TokenSet.MintForThisMachine(),
            $"self-host process, {backend} backend, fresh Azurite (data on disk) on port {options.AzuritePort}", azurite, host, process);
    }

    /// <summary>A deployment given on the command line: a connection string, or a queue service URL
    /// reached with the signed-in identity (accounts in Azure take no keys).</summary>
    public static Deployment Given(DriverOptions options)
    {
        var names = new StorageNames(options.Prefix);
        var storage = options.Storage!.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? new StorageClients(new Uri(options.Storage.Replace(".queue.", ".table.", StringComparison.Ordinal)), new Uri(options.Storage), new DefaultAzureCredential(), names)
            : new StorageClients(options.Storage, names);
        return new Deployment(options.BaseUrl!, storage, TokenSet.Given(options.Token!, options.ApproverToken, options.AdminToken),
            $"deployment at {options.BaseUrl}", azurite: null, selfHost: null, hostProcess: null);
    }

    /// <summary>A Durable Task client on the self-host's engine (the bare-engine runs); null for a given deployment.</summary>
    public ServiceProvider? EngineClientServices() => selfHost?.CreateClientServices();

    public static Task<Deployment> StartAsync(DriverOptions options) =>
        options.BaseUrl is null ? StartSelfHostAsync(options, options.Backends[0]) : Task.FromResult(Given(options));

    public async ValueTask DisposeAsync()
    {
        if (selfHost is not null)
        {
            await selfHost.DisposeAsync();
            hostProcess?.Dispose();
        }

        if (Azurite is not null)
        {
            await Azurite.DisposeAsync();
        }
    }
}
