using System.Diagnostics;
using System.Net.Sockets;

namespace Triage.HostCommon.Storage;

/// <summary>
/// Azurite, the Azure Storage emulator, managed for the self-host and the test fixtures: an Azurite
/// already listening on the well-known loopback ports is used as it is; otherwise one is started from
/// the repository's pinned npm package (installed with <c>npm ci</c> when missing), with its data in
/// the git-ignored <c>.azurite/</c> folder. Disposing stops only an Azurite this process started, and
/// with SIGTERM: a SIGKILL of Azurite loses its last second of writes.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    /// <summary>The connection string for Azurite on its default ports (the emulator's public, well-known account).</summary>
    public const string ConnectionString = "UseDevelopmentStorage=true";

    /// <summary>Setting: <c>true</c> starts Azurite with <c>--debug .azurite/debug.log</c>, a log of every
    /// request that grows without bound. Off by default; only an Azurite started here is affected.</summary>
    public const string DebugSetting = "Azurite:Debug";

    private const string DebugLogFile = "debug.log";
    private static readonly int[] Ports = [10000, 10001, 10002];
    private readonly Process? started;

    private Azurite(Process? started) => this.started = started;

    /// <summary>True when this instance started the Azurite process (and will stop it).</summary>
    public bool StartedHere => started is not null;

    public static Task<Azurite> EnsureRunningAsync(ILogger logger, CancellationToken cancellationToken = default) =>
        EnsureRunningAsync(logger, debug: false, cancellationToken);

    /// <param name="logger">Where starting (or finding) Azurite is told.</param>
    /// <param name="debug">Start Azurite with its debug log (<see cref="DebugSetting"/>).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public static async Task<Azurite> EnsureRunningAsync(ILogger logger, bool debug, CancellationToken cancellationToken = default)
    {
        if (await AllListeningAsync(cancellationToken))
        {
            logger.LogInformation("Using the Azurite already listening on 127.0.0.1:{Ports}", string.Join(',', Ports));
            return new Azurite(null);
        }

        var root = RepositoryRoot.Find();
        var entry = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(entry))
        {
            logger.LogInformation("Installing Azurite with npm ci in {Root}", root);
            await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], root, cancellationToken);
        }

        var data = Path.Combine(root, ".azurite");
        Directory.CreateDirectory(data);
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in Arguments(entry, data, debug))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Azurite (node).");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { logger.LogWarning("azurite: {Line}", e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = Stopwatch.StartNew();
        while (!await AllListeningAsync(cancellationToken))
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"Azurite did not start listening on 127.0.0.1:{string.Join(',', Ports)} (exit code {(process.HasExited ? process.ExitCode : null)}).");
            }

            await Task.Delay(100, cancellationToken);
        }

        logger.LogInformation("Started Azurite (pid {Pid}) with data in {Data}{Debug}", process.Id, data,
            debug ? $" and its debug log in {Path.Combine(data, DebugLogFile)}" : "");
        return new Azurite(process);
    }

    /// <summary>The arguments Azurite is started with (after <c>node</c>): loopback only, data in
    /// <paramref name="dataDirectory"/>, no access log, no telemetry; the debug log only when asked.</summary>
    public static IReadOnlyList<string> Arguments(string entry, string dataDirectory, bool debug)
    {
        List<string> args =
        [
            entry, "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--loose",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--location", dataDirectory,
        ];
        if (debug)
        {
            args.AddRange(["--debug", Path.Combine(dataDirectory, DebugLogFile)]);
        }

        return args;
    }

    public async ValueTask DisposeAsync()
    {
        if (started is null || started.HasExited)
        {
            return;
        }

        // SIGTERM lets Azurite flush its store; fall back to SIGKILL if it does not stop in time.
        using (var term = Process.Start("kill", ["-TERM", started.Id.ToString()]))
        {
            await term.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await started.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            started.Kill(entireProcessTree: true);
        }

        started.Dispose();
    }

    private static async Task<bool> AllListeningAsync(CancellationToken cancellationToken)
    {
        foreach (var port in Ports)
        {
            using var socket = new TcpClient();
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(1));
                await socket.ConnectAsync("127.0.0.1", port, timeout.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        return true;
    }

    private static async Task RunAsync(string file, string[] args, string directory, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = directory };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{file} {string.Join(' ', args)}' failed with exit code {process.ExitCode} in {directory}.");
        }
    }
}
