using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;

namespace Triage.LocalHost.Engine;

/// <summary>
/// The Durable Task engine, in-process: the task hub gRPC "sidecar" from
/// <c>Microsoft.DurableTask.InProcessTestHost</c> over an orchestration backend, listening on loopback.
/// The app's Durable Task worker and client connect to it exactly as they would to any Durable Task
/// backend, so orchestrations written for Azure Functions run here unchanged.
/// This is the only class that knows the preview package; replacing the package means replacing it.
/// </summary>
public sealed class DurableEngine : IAsyncDisposable
{
    private readonly WebApplication sidecar;

    private DurableEngine(WebApplication sidecar, Uri address)
    {
        this.sidecar = sidecar;
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

    public static async Task<DurableEngine> StartAsync(
        EngineOptions options, string storageConnectionString, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        var (service, client) = CreateBackend(options, storageConnectionString, loggerFactory);

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
        return new DurableEngine(app, new Uri(address));
    }

    private static (IOrchestrationService Service, IOrchestrationServiceClient Client) CreateBackend(
        EngineOptions options, string storageConnectionString, ILoggerFactory loggerFactory)
    {
        if (options.Backend == EngineBackend.Memory)
        {
            var memory = new InMemoryOrchestrationService(loggerFactory);
            return (new CappedOrchestrationService(memory, options.MaxConcurrentOrchestrations, options.MaxConcurrentActivities, null, loggerFactory.CreateLogger<CappedOrchestrationService>()), memory);
        }

        var azure = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(storageConnectionString),
            TaskHubName = options.TaskHubName,
            PartitionCount = options.PartitionCount,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            WorkerId = options.WorkerId,
            ControlQueueVisibilityTimeout = options.QueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = options.QueueVisibilityTimeout,
            ControlQueueBufferThreshold = options.ControlQueueBufferThreshold,
            LoggerFactory = loggerFactory,
        });

        // Locks renewed well inside the visibility timeout (the sidecar itself never renews them).
        var renewEvery = options.QueueVisibilityTimeout / 3;
        return (new CappedOrchestrationService(azure, options.MaxConcurrentOrchestrations, options.MaxConcurrentActivities, renewEvery, loggerFactory.CreateLogger<CappedOrchestrationService>()), azure);
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

        await sidecar.DisposeAsync();
    }
}
