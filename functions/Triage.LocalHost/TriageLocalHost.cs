using System.Diagnostics;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc.Internal;
using Triage.HostCommon.Engine;
using Triage.HostCommon.Storage;
using Triage.LocalHost.Engine;
using Triage.Application;
using Triage.Api;
using Triage.Storage;
using Triage.Contracts;
using Triage.Application.Telemetry;

namespace Triage.LocalHost;

/// <summary>
/// The self-contained host: the product's HTTP API on Kestrel (<c>http://localhost:7071/api</c>), the
/// Durable Task engine in-process, the approval-decisions queue poller, the reconciler
/// (<see cref="ReconcilerService"/>), and Azurite when no storage connection is configured. It runs the same shared code as the Azure Functions app.
/// Tests start it in-process with <see cref="StartAsync(LocalHostOptions, CancellationToken)"/>.
/// </summary>
public sealed class TriageLocalHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly DurableEngine engine;
    private readonly Azurite? azurite;
    private readonly ILoggerFactory loggerFactory;

    private TriageLocalHost(WebApplication app, DurableEngine engine, EngineOptions engineOptions, Azurite? azurite, ILoggerFactory loggerFactory, TimeSpan startTime)
    {
        this.app = app;
        this.engine = engine;
        this.azurite = azurite;
        this.loggerFactory = loggerFactory;
        Engine = engineOptions;
        StartTime = startTime;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>Where the API listens (the <c>/api</c> routes hang off it).</summary>
    public Uri BaseAddress { get; }

    public IServiceProvider Services => app.Services;

    public DurableTaskClient Client => app.Services.GetRequiredService<DurableTaskClient>();

    public StorageClients Storage => app.Services.GetRequiredService<StorageClients>();

    public IConfiguration Configuration => app.Configuration;

    /// <summary>The engine's gRPC address (loopback), for a second client such as a test's.</summary>
    public Uri EngineAddress => engine.Address;

    /// <summary>The engine's settings as it runs with them (the worker id resolved).</summary>
    public EngineOptions Engine { get; }

    /// <summary>From the call to start until the API, the engine and the worker were all up.</summary>
    public TimeSpan StartTime { get; }

    public static Task<TriageLocalHost> StartAsync(LocalHostOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(options.ToArgs(), options.Services, options.EngineStoragePolicy, cancellationToken);

    public static Task<TriageLocalHost> StartAsync(string[] args, CancellationToken cancellationToken = default) =>
        StartAsync(args, null, null, cancellationToken);

    private static async Task<TriageLocalHost> StartAsync(
        string[] args, Action<IServiceCollection>? services, HttpPipelinePolicy? engineStoragePolicy, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Read appsettings.json from the build output, whatever folder `dotnet run` was started in.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddCommandLine(args, LocalHostOptions.SwitchMappings);

        var engineOptions = builder.Configuration.GetSection(EngineOptions.Section).Get<EngineOptions>() ?? new EngineOptions();
        // Before anything starts: a bad hub name would otherwise fail deep in the storage provider.
        engineOptions.ValidateTaskHubName();
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{EngineOptions.Section}:{nameof(EngineOptions.WorkerId)}"]))
        {
            engineOptions.WorkerId = EngineOptions.DefaultWorkerId(Environment.MachineName, builder.Configuration[WebHostDefaults.ServerUrlsKey], Environment.ProcessId);
        }

        // Logging for what starts before the app's own (Azurite, the engine); lives as long as the host.
        var loggerFactory = LoggerFactory.Create(b => b.AddConfiguration(builder.Configuration.GetSection("Logging")).AddSimpleConsole());

        // A configured connection (AzureWebJobsStorage, as in Azure Functions) wins; otherwise Azurite.
        Azurite? azurite = null;
        if (string.IsNullOrWhiteSpace(builder.Configuration[StorageClients.ConnectionName]))
        {
            var debug = builder.Configuration.GetValue<bool>(Azurite.DebugSetting);
            azurite = await Azurite.EnsureRunningAsync(loggerFactory.CreateLogger<Azurite>(), debug, cancellationToken);
            builder.Configuration[StorageClients.ConnectionName] = Azurite.ConnectionString;
        }

        var connectionString = builder.Configuration[StorageClients.ConnectionName]!;
        var engine = await DurableEngine.StartAsync(engineOptions, connectionString, loggerFactory, engineStoragePolicy, cancellationToken);

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = engineOptions.ShutdownTimeout);
        builder.Services.AddSingleton(engine);

        services?.Invoke(builder.Services);

        // The workflow's hosted services (seeding reference data) are registered before the worker, so
        // they finish before the engine hands out any work.
        builder.Services.AddTriageWorkflow(builder.Configuration);
        builder.Services.AddTriageApi(builder.Configuration);
        builder.Services.AddTriageTelemetry(builder.Configuration, "Triage.LocalHost");
        var diagnostics = builder.Configuration.GetValue<bool>("Diagnostics:Enabled");
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc(grpc =>
            {
                grpc.Channel = engine.Channel;
                // The SDK reconnects a work-item stream that has carried no message for 120 s, expecting
                // the backend's health pings; the in-process sidecar sends none, and a reconnect strands
                // the work items it has in flight on the old stream. On loopback in one process a silent
                // disconnect cannot happen, so the check is off.
                grpc.SetSilentDisconnectTimeout(TimeSpan.Zero);
            });
            worker.AddTasks(registry =>
            {
                registry.AddTriageTasks();
                if (diagnostics)
                {
                    registry.AddEngineChecks();
                }
            });
        });
        builder.Services.AddDurableTaskClient(client =>
        {
            client.UseGrpc(engine.ClientChannel);
            client.RegisterDirectly();
        });
        builder.Services.AddTriageQueuePollers();
        builder.Services.AddHostedService<ReconcilerService>();
        builder.Services.AddHostedService<StepTimerService>();

        var app = builder.Build();
        try
        {
            // Refuses a route table the Azure Functions host would refuse (HostRouteRules), before listening.
            app.MapTriageApi();
            app.MapDevSignIn();
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await engine.DisposeAsync();
            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }

            loggerFactory.Dispose();
            throw;
        }

        return new TriageLocalHost(app, engine, engineOptions, azurite, loggerFactory, clock.Elapsed);
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try
            {
                await app.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Bounded shutdown: whatever is still running is retried by the engine after a restart.
            }
        }

        await app.DisposeAsync();
        await engine.DisposeAsync();
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }

        loggerFactory.Dispose();
    }
}
