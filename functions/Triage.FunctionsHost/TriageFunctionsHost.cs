using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.DurableTask.Protobuf;
using Triage.Application.Messaging;
using Triage.FunctionsHost.Triggers;
using Triage.FunctionsHost.Worker;
using Triage.HostCommon;
using Triage.HostCommon.Engine;
using Triage.HostCommon.Storage;
using Triage.Storage;

namespace Triage.FunctionsHost;

/// <summary>
/// The Functions host harness: runs the built Functions app's isolated worker as a child process and
/// plays the Functions host to it over its gRPC stream, on <c>http://localhost:7071/api</c> like
/// <c>func start</c>. Around the worker it runs what the host and its extensions would: the Durable Task
/// engine in-process (<see cref="DurableEngine"/>, as the self-host), Azurite when no storage is
/// configured, HTTP forwarding, the queue listener, timers. docs/decisions/0017 has the design.
/// </summary>
public sealed class TriageFunctionsHost : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> owned;
    private readonly CancellationTokenSource stopping;
    private readonly List<Task> triggers;
    private readonly WebApplication api;

    private TriageFunctionsHost(WebApplication api, List<IAsyncDisposable> owned, CancellationTokenSource stopping, List<Task> triggers, RunningHost running, StartedWorker worker, WorkerProcess process)
    {
        this.api = api;
        this.owned = owned;
        this.stopping = stopping;
        this.triggers = triggers;
        Running = running;
        Worker = worker;
        Process = process;
    }

    /// <summary>What the banner shows.</summary>
    public RunningHost Running { get; }

    public StartedWorker Worker { get; }

    public WorkerProcess Process { get; }

    /// <summary>Ends when the worker's stream closes (it exited), so a dead worker stops the harness.</summary>
    public Task WorkerClosed { get; private set; } = Task.CompletedTask;

    public static async Task<TriageFunctionsHost> StartAsync(string[] args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var clock = Stopwatch.StartNew();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var app = FunctionApp.Load(FunctionApp.DefaultDirectory(builder.Configuration));
        // local.settings.json below everything else, as Core Tools reads it: the environment and the
        // command line win.
        var local = WorkerSettings.LocalSettings(app.Directory);
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = local });
        builder.Configuration.AddCommandLine(args, HostSwitches.Mappings);
        var configuration = builder.Configuration;

        var engineOptions = configuration.GetSection(EngineOptions.Section).Get<EngineOptions>() ?? new EngineOptions();
        if (configuration[$"{EngineOptions.Section}:{nameof(EngineOptions.TaskHubName)}"] is null && configuration["TaskHubName"] is { Length: > 0 } appHub)
        {
            engineOptions.TaskHubName = appHub; // host.json: hubName is %TaskHubName%.
        }

        engineOptions.ValidateTaskHubName();
        if (string.IsNullOrWhiteSpace(configuration[$"{EngineOptions.Section}:{nameof(EngineOptions.WorkerId)}"]))
        {
            engineOptions.WorkerId = EngineOptions.DefaultWorkerId(Environment.MachineName, configuration[WebHostDefaults.ServerUrlsKey], Environment.ProcessId);
        }

        var loggerFactory = LoggerFactory.Create(b => b.AddConfiguration(configuration.GetSection("Logging")).AddSimpleConsole());
        var owned = new List<IAsyncDisposable> { new DisposeAction(() => { loggerFactory.Dispose(); return ValueTask.CompletedTask; }) };
        var stopping = new CancellationTokenSource();
        try
        {
            if (string.IsNullOrWhiteSpace(configuration[StorageClients.ConnectionName]))
            {
                owned.Add(await Azurite.EnsureRunningAsync(loggerFactory.CreateLogger<Azurite>(), configuration.GetValue<bool>(Azurite.DebugSetting), cancellationToken));
                configuration[StorageClients.ConnectionName] = Azurite.ConnectionString;
            }

            var connectionString = configuration[StorageClients.ConnectionName]!;
            var engine = await DurableEngine.StartAsync(engineOptions, connectionString, loggerFactory, cancellationToken: cancellationToken);
            owned.Add(engine);

            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = engineOptions.ShutdownTimeout);
            var api = builder.Build();
            // Requests wait for the worker's functions to be loaded, as the host holds them at start.
            var forwarding = new TaskCompletionSource<HttpForwarder>(TaskCreationOptions.RunContinuationsAsynchronously);
            api.Run(async context => await (await forwarding.Task.WaitAsync(context.RequestAborted)).ForwardAsync(context));
            await api.StartAsync(cancellationToken);
            owned.Add(new DisposeAction(async () =>
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await api.StopAsync(timeout.Token).ContinueWith(_ => { }, TaskScheduler.Default); // bounded: callers still waiting are cut
                await api.DisposeAsync();
            }));
            var baseAddress = new Uri(api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

            var server = await WorkerServer.StartAsync(loggerFactory, cancellationToken);
            owned.Add(server);
            var given = local.Concat(new ConfigurationBuilder().AddCommandLine(args, HostSwitches.Mappings).Build().AsEnumerable());
            var appSettings = WorkerSettings.For(given, configuration, connectionString, engineOptions.TaskHubName);
            var process = WorkerProcess.Start(app, server.Address, appSettings, loggerFactory.CreateLogger("Worker"));
            owned.Add(process);

            var connection = await ConnectAsync(server.Endpoint, process, cancellationToken);
            var worker = await WorkerStartup.RunAsync(connection, app, cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            var invoker = new FunctionInvoker(connection, engine.Address, engineOptions.TaskHubName, baseAddress);

            var http = new HttpMessageInvoker(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false, AutomaticDecompression = System.Net.DecompressionMethods.None });
            owned.Add(new DisposeAction(() => { http.Dispose(); return ValueTask.CompletedTask; }));
            forwarding.SetResult(new HttpForwarder(worker, invoker, app.RoutePrefix, http, loggerFactory.CreateLogger<HttpForwarder>()));

            var triggers = StartTriggers(worker.Functions, invoker, engine, app, configuration, appSettings, loggerFactory, stopping.Token);
            var running = new RunningHost($"{Banner.ReadyLine} under the Functions host harness", "functions/Triage.FunctionsHost", baseAddress, clock.Elapsed, engineOptions, engine.Address, configuration);
            return new TriageFunctionsHost(api, owned, stopping, triggers, running, worker, process) { WorkerClosed = connection.Closed };
        }
        catch
        {
            await StopAsync(owned, stopping);
            throw;
        }
    }

    private static async Task<WorkerConnection> ConnectAsync(WorkerEndpoint endpoint, WorkerProcess process, CancellationToken cancellationToken)
    {
        var first = await Task.WhenAny(endpoint.Connected, process.Exited, Task.Delay(TimeSpan.FromSeconds(60), cancellationToken));
        return first == endpoint.Connected
            ? await endpoint.Connected
            : throw new InvalidOperationException(process.Exited.IsCompleted
                ? "The Functions worker exited before it connected; its output is above."
                : "The Functions worker did not connect within 60 s.");
    }

    private static List<Task> StartTriggers(FunctionIndex functions, FunctionInvoker invoker, DurableEngine engine, FunctionApp app, IConfiguration configuration, IReadOnlyDictionary<string, string> appSettings, ILoggerFactory loggerFactory, CancellationToken stoppingToken)
    {
        var triggers = new List<Task>();
        var sidecar = new TaskHubSidecarService.TaskHubSidecarServiceClient(engine.Channel);
        var pump = new DurableTaskPump(functions, invoker, sidecar, loggerFactory.CreateLogger<DurableTaskPump>());
        triggers.Add(Task.Run(() => pump.RunAsync(stoppingToken), stoppingToken));

        var storage = StorageClients.FromConfiguration(configuration);
        foreach (var function in functions.OfTrigger("queueTrigger"))
        {
            var queue = new ApprovalDecisionQueue(storage, WorkerQueueTrigger.QueueName(function, appSettings));
            var poller = new WorkerQueueTrigger(function, invoker, queue, app.Queues, loggerFactory.CreateLogger<WorkerQueueTrigger>());
            triggers.Add(Task.Run(async () => { await poller.StartAsync(stoppingToken); await poller.ExecuteTask!.ContinueWith(_ => { }, TaskScheduler.Default); poller.Dispose(); }, CancellationToken.None));
        }

        foreach (var function in functions.OfTrigger("timerTrigger"))
        {
            var timer = new TimerTrigger(function, invoker, TimeProvider.System, loggerFactory.CreateLogger<TimerTrigger>());
            triggers.Add(Task.Run(() => timer.RunAsync(stoppingToken), stoppingToken));
        }

        return triggers;
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAny(api.WaitForShutdownAsync(cancellationToken), WorkerClosed);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await Task.WhenAll(triggers).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        await StopAsync(owned, stopping);
    }

    private static async Task StopAsync(List<IAsyncDisposable> owned, CancellationTokenSource stopping)
    {
        await stopping.CancelAsync();
        // In the reverse order of start: the worker and the API before the engine, the engine before
        // Azurite, the log last.
        for (var i = owned.Count - 1; i >= 0; i--)
        {
            await owned[i].DisposeAsync();
        }

        stopping.Dispose();
    }
}
