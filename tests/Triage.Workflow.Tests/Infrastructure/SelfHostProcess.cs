using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Grpc.Net.Client;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Triage.LocalHost.Storage;
using Triage.Workflow.Contracts;
using Triage.Workflow.Storage;

namespace Triage.Workflow.Tests.Infrastructure;

/// <summary>The self-host as its own process (so it can be killed with SIGKILL), on the durable
/// backend, with fixed ports, task hub and table prefix so a restart picks up where it died.</summary>
public sealed class SelfHostProcess : IAsyncDisposable
{
    private readonly StringBuilder output = new();
    private readonly List<string> args;
    private Process? process;

    public SelfHostProcess(string prefix, IReadOnlyDictionary<string, string> settings)
    {
        Prefix = prefix;
        var apiPort = FreePort();
        EnginePort = FreePort();
        args =
        [
            $"--Urls=http://127.0.0.1:{apiPort}",
            $"--Durable:GrpcPort={EnginePort}",
            "--Durable:Backend=Azure",
            $"--Durable:TaskHubName={prefix}hub",
            $"--{StorageClients.ConnectionName}={TestStorage.ConnectionString}",
            $"--{StorageNames.PrefixSetting}={prefix}",
            "--Logging:LogLevel:Default=Warning",
            .. settings.Select(kv => $"--{kv.Key}={kv.Value}"),
        ];
    }

    public string Prefix { get; }

    public int EnginePort { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public async Task StartAsync()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(RepositoryRoot.Find(), "functions", "Triage.LocalHost", "bin", configuration, "net10.0", "Triage.LocalHost.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Find() };
        info.ArgumentList.Add(dll);
        args.ForEach(info.ArgumentList.Add);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process = Process.Start(info)!;
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data.Contains("Triage is running", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var done = await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(90)));
        if (done != ready.Task)
        {
            throw new InvalidOperationException("The self-host did not start:\n" + Output);
        }
    }

    /// <summary>SIGKILL: no shutdown, nothing flushed, leases kept.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        process = null;
    }

    /// <summary>The workflow's services in the test process, with a Durable Task client on the host's engine.</summary>
    public ServiceProvider CreateServices()
    {
        var configuration = TestStorage.Configuration(Prefix);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddTriageWorkflow(configuration);
        services.AddDurableTaskClient(b =>
        {
            b.UseGrpc(GrpcChannel.ForAddress($"http://127.0.0.1:{EnginePort}"));
            b.RegisterDirectly();
        });
        return services.BuildServiceProvider();
    }

    public static ITriageService Service(ServiceProvider services) =>
        services.GetRequiredService<ITriageServiceFactory>().Create(services.GetRequiredService<Microsoft.DurableTask.Client.DurableTaskClient>());

    public ValueTask DisposeAsync() => new(KillAsync());

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
