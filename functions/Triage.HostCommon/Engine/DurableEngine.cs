using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;

namespace Triage.HostCommon.Engine;

/// <summary>
/// The Durable Task engine, in-process: the task hub gRPC "sidecar" from
/// <c>Microsoft.DurableTask.InProcessTestHost</c> over an orchestration backend, listening on loopback.
/// The app's Durable Task worker and client connect to it exactly as they would to any Durable Task
/// backend, so orchestrations written for Azure Functions run here unchanged.
/// This is the only class that knows the preview package; replacing the package means replacing it.
/// </summary>
public sealed class DurableEngine : IAsyncDisposable
{
    /// <summary>At most this many orchestrations keep their history in memory between episodes: a few
    /// tens of kilobytes each, and a burst of thousands waiting for their activities must not hold them all.</summary>
    private const int MaxExtendedSessions = 1000;

    private readonly WebApplication sidecar;
    private readonly IOrchestrationService backend;

    private DurableEngine(WebApplication sidecar, IOrchestrationService backend, Uri address)
    {
        this.sidecar = sidecar;
        this.backend = backend;
        Address = address;
        Channel = GrpcChannel.ForAddress(address);
        ClientChannel = GrpcChannel.ForAddress(address);
    }

    /// <summary>The sidecar's gRPC address (loopback, HTTP/2 without TLS).</summary>
    public Uri Address { get; }

    /// <summary>The worker's channel: its work-item stream and the results it sends back.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>The client's channel, separate so that a burst of client calls (a thousand submissions
    /// starting orchestrations) never queues the worker's results behind it on one HTTP/2 connection.</summary>
    public GrpcChannel ClientChannel { get; }

    /// <param name="storagePolicy">In the pipeline of the Azure Storage backend's own table, queue and blob
    /// calls when set (tests count its history loads with it).</param>
    public static async Task<DurableEngine> StartAsync(
        EngineOptions options, string storageConnectionString, ILoggerFactory loggerFactory, HttpPipelinePolicy? storagePolicy = null, CancellationToken cancellationToken = default)
    {
        var (service, client) = CreateBackend(options, storageConnectionString, storagePolicy, loggerFactory);

        // The sidecar calls only StartAsync on the backend; the task hub's queues, tables and leases
        // must exist before that.
        await service.CreateIfNotExistsAsync();

        // An empty builder: no configuration files, URLs or console lifetime of its own to clash with the app's.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRouting();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        builder.WebHost.ConfigureKestrel(kestrel =>
            // gRPC without TLS needs HTTP/2 only: with Http1AndHttp2 the worker fails with HTTP_1_1_REQUIRED.
            kestrel.Listen(IPAddress.Loopback, options.GrpcPort, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = 16 * 1024 * 1024);
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton(client);
        builder.Services.AddSingleton<TaskHubGrpcServer>();

        var app = builder.Build();
        app.UseRouting();
        app.MapGrpcService<TaskHubGrpcServer>();
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new DurableEngine(app, service, new Uri(address));
    }

    private static (IOrchestrationService Service, IOrchestrationServiceClient Client) CreateBackend(
        EngineOptions options, string storageConnectionString, HttpPipelinePolicy? storagePolicy, ILoggerFactory loggerFactory)
    {
        if (options.Backend == EngineBackend.Memory)
        {
            var memory = new InMemoryOrchestrationService(loggerFactory);
            return (new CappedOrchestrationService(memory, options.MaxConcurrentOrchestrations, options.MaxConcurrentActivities, null, 0, loggerFactory.CreateLogger<CappedOrchestrationService>()), new KeyedStartClient(memory));
        }

        var azure = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = ClientProvider(storageConnectionString, storagePolicy),
            TaskHubName = options.TaskHubName,
            PartitionCount = options.PartitionCount,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            WorkerId = options.WorkerId,
            ControlQueueVisibilityTimeout = options.QueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = options.QueueVisibilityTimeout,
            ControlQueueBufferThreshold = options.ControlQueueBufferThreshold,
            ExtendedSessionsEnabled = options.ExtendedSessionsEnabled,
            ExtendedSessionIdleTimeout = options.ExtendedSessionIdleTimeout,
            LoggerFactory = loggerFactory,

            // Its check of start messages against the Instances row defers a start that outruns the
            // client's write of that row by 2 seconds; repeated starts are one execution by their start
            // key instead (KeyedStartClient, docs/decisions/0039).
            DisableExecutionStartedDeduplication = true,
        });

        // Locks renewed well inside the visibility timeout (the sidecar itself never renews them).
        var renewEvery = options.QueueVisibilityTimeout / 3;
        return (new CappedOrchestrationService(azure, options.MaxConcurrentOrchestrations, options.MaxConcurrentActivities, renewEvery, options.ExtendedSessionsEnabled ? MaxExtendedSessions : 0, loggerFactory.CreateLogger<CappedOrchestrationService>()), new KeyedStartClient(azure));
    }

    private static StorageAccountClientProvider ClientProvider(string connectionString, HttpPipelinePolicy? policy)
    {
        if (policy is null)
        {
            return new StorageAccountClientProvider(connectionString);
        }

        T With<T>(T clientOptions)
            where T : ClientOptions
        {
            clientOptions.AddPolicy(policy, HttpPipelinePosition.PerCall);
            return clientOptions;
        }

        return new StorageAccountClientProvider(
            StorageServiceClientProvider.ForBlob(connectionString, With(new BlobClientOptions())),
            StorageServiceClientProvider.ForQueue(connectionString, With(new QueueClientOptions())),
            StorageServiceClientProvider.ForTable(connectionString, With(new TableClientOptions())));
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        ClientChannel.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await sidecar.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Bounded: work items still in flight are abandoned and retried by the next start.
        }

        // The sidecar stops the backend only after its dispatchers have drained; when the wait above was
        // cut short it never does, and the Azure Storage backend would go on polling its leases and
        // queues for the life of the process (a test run starts dozens of hosts). Stopping twice is harmless.
        try
        {
            await backend.StopAsync(isForced: true).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException or InvalidOperationException)
        {
            // Best effort: the process is going away or the next start takes the leases over.
        }

        await sidecar.DisposeAsync();
    }
}
