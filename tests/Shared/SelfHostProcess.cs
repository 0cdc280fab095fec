using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Grpc.Net.Client;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Triage.LocalHost.Storage;

namespace Triage.Testing;

/// <summary>
/// The self-host as a separate process, started from its own build output with fixed ports, so a test
/// can kill -9 it and start it again on the same task hub. A Durable Task client in the test process
/// talks to its engine over gRPC. Shared by the test projects (linked from <c>tests/Shared</c>).
/// </summary>
public sealed class SelfHostProcess : IAsyncDisposable
{
    private readonly string[] args;
    private readonly StringBuilder output = new();
    private Process? process;

    public SelfHostProcess(params IEnumerable<string> extraArgs)
    {
        ApiPort = FreePort();
        EnginePort = FreePort();
        args =
        [
            $"--Urls=http://127.0.0.1:{ApiPort}",
            $"--Durable:GrpcPort={EnginePort}",
            .. extraArgs,
        ];
    }

    public int ApiPort { get; }

    public int EnginePort { get; }

    public Uri ApiAddress => new($"http://127.0.0.1:{ApiPort}/");

    /// <summary>The running process's id (null when stopped), e.g. to sample its memory.</summary>
    public int? ProcessId => process?.Id;

    /// <summary>Everything the process wrote, for failure messages.</summary>
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

    /// <summary>Starts the process and waits until it says it is running; returns how long that took.</summary>
    public async Task<TimeSpan> StartAsync(TimeSpan? timeout = null)
    {
        var dll = Path.Combine(LocalHostOutput(), "Triage.LocalHost.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Find(),
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the self-host.");
        process.OutputDataReceived += (_, e) => Collect(e.Data, ready);
        process.ErrorDataReceived += (_, e) => Collect(e.Data, ready);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exited = process.WaitForExitAsync();
        var finished = await Task.WhenAny(ready.Task, exited, Task.Delay(timeout ?? TimeSpan.FromSeconds(60)));
        if (finished != ready.Task)
        {
            throw new InvalidOperationException($"The self-host did not start.\n{Output}");
        }

        return clock.Elapsed;
    }

    /// <summary>kill -9: no shutdown hooks, nothing flushed, leases not released.</summary>
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

    /// <summary>A Durable Task client of the test's own, on the host's engine, with any other services
    /// the test wants beside it.</summary>
    public ServiceProvider CreateClientServices(Action<IServiceCollection>? configure = null)
    {
        var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{EnginePort}");
        var services = new ServiceCollection();
        services.AddLogging();
        configure?.Invoke(services);
        services.AddDurableTaskClient(b =>
        {
            b.UseGrpc(channel);
            b.RegisterDirectly();
        });
        return services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    private void Collect(string? line, TaskCompletionSource ready)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        if (line.Contains("Triage is running", StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The self-host's build output in the same configuration as this test assembly.</summary>
    private static string LocalHostOutput()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<Configuration>/net10.0
        var path = Path.Combine(RepositoryRoot.Find(), "functions", "Triage.LocalHost", "bin", configuration, "net10.0");
        return Directory.Exists(path) ? path : throw new DirectoryNotFoundException($"Build the self-host first: {path} is missing.");
    }
}
