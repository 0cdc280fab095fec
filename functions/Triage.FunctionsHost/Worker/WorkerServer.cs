using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Triage.FunctionsHost.Worker;

/// <summary>
/// Where the worker dials in: the <see cref="WorkerEndpoint"/> gRPC service on a free loopback port,
/// HTTP/2 only (plain-text gRPC needs it), in a server of its own so that it neither shares the API's
/// URLs nor its middleware.
/// </summary>
public sealed class WorkerServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private WorkerServer(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public WorkerEndpoint Endpoint => app.Services.GetRequiredService<WorkerEndpoint>();

    public static async Task<WorkerServer> StartAsync(ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddRouting();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        // The worker is told the same limit (--functions-grpc-max-message-length).
        builder.Services.AddGrpc(grpc => { grpc.MaxReceiveMessageSize = null; grpc.MaxSendMessageSize = null; });
        builder.Services.AddSingleton<WorkerEndpoint>();
        var app = builder.Build();
        app.UseRouting();
        app.MapGrpcService<WorkerEndpoint>();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new WorkerServer(app, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await app.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // The worker's stream is the only call; it is cut.
        }

        await app.DisposeAsync();
    }
}
