using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Grpc.Net.Client;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Triage.Testing;

/// <summary>
/// A host as a separate process (the self-host, or the Functions host harness with the Functions app's
/// worker under it), started from its own build output with fixed ports, so a test can kill -9 it and
/// start it again on the same task hub. A Durable Task client in the test process talks to its engine
/// over gRPC. Shared by the test projects (linked from <c>tests/Shared</c>).
/// </summary>
public class HostProcess : IAsyncDisposable
{
    private readonly string project;
    private readonly string[] args;
    private readonly StringBuilder output = new();
    private Process? process;

    /// <param name="project">The host's project folder under <c>functions/</c> (and its assembly's name).</param>
    /// <param name="extraArgs">Settings on its command line.</param>
    protected HostProcess(string project, IEnumerable<string> extraArgs)
    {
        this.project = project;
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
        var dll = Path.Combine(HostOutput(project), project + ".dll");
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
        process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {project}.");
        process.OutputDataReceived += (_, e) => Collect(e.Data, ready);
        process.ErrorDataReceived += (_, e) => Collect(e.Data, ready);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exited = process.WaitForExitAsync();
        var finished = await Task.WhenAny(ready.Task, exited, Task.Delay(timeout ?? TimeSpan.FromSeconds(60)));
        if (finished != ready.Task)
        {
            throw new InvalidOperationException($"{project} did not start.\n{Output}");
        }

        return clock.Elapsed;
    }

    /// <summary>The process id while it runs.</summary>
    public int? ProcessId => process is { HasExited: false } ? process.Id : null;

    /// <summary>kill -9: no shutdown hooks, nothing flushed, leases not released; with
    /// <paramref name="entireTree"/> false only the host itself, not what it started.</summary>
    public async Task KillAsync(bool entireTree = true)
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: entireTree);
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

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        GC.SuppressFinalize(this);
    }

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

        if (line.Contains(Banner.ReadyLine, StringComparison.Ordinal))
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

    /// <summary>A host's build output in the same configuration as this test assembly.</summary>
    public static string HostOutput(string project)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<Configuration>/net10.0
        var path = Path.Combine(RepositoryRoot.Find(), "functions", project, "bin", configuration, "net10.0");
        return Directory.Exists(path) ? path : throw new DirectoryNotFoundException($"Build {project} first: {path} is missing.");
    }
}
