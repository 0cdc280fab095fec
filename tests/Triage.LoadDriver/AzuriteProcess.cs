using System.Diagnostics;
using System.Net.Sockets;

namespace Triage.LoadDriver;

/// <summary>
/// An Azurite of the driver's own, on three ports of its choosing (never the shared one on
/// 10000–10002, which the tests use): a fresh one per measured run, so no run pays for the rows of the
/// one before. Its blob, queue and table services run as three processes (Azurite's own
/// <c>azurite-blob</c>, <c>azurite-queue</c>, <c>azurite-table</c>): one Node.js process is one thread,
/// and with all three services in it that one thread was what a run on two cores waited for, where a
/// storage account in Azure has no such limit. Tables are kept in memory; queues and blobs on disk in a
/// new folder, as the self-host keeps its data: in memory Azurite keeps every queue message in an extent
/// of its own, and its queue garbage collector, once a minute, removes the used ones one by one from an
/// indexed list, at a cost that grows with the square of the messages sent in that minute (under 10
/// requests a second it stopped answering for over a minute; docs/performance.md). Its output goes to
/// a log file beside the results. Stopped with SIGTERM; the data folder is deleted after.
/// </summary>
internal sealed class AzuriteProcess : IAsyncDisposable
{
    // The emulator's well-known development account (public, the same in every Azurite).
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly IReadOnlyList<Process> processes;
    private readonly TextWriter log;
    private readonly string dataDirectory;

    private AzuriteProcess(IReadOnlyList<Process> processes, TextWriter log, string dataDirectory, int port)
    {
        this.processes = processes;
        this.log = log;
        this.dataDirectory = dataDirectory;
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port + 1}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{port + 2}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    /// <summary>Its processes' ids, e.g. to read their CPU time from /proc.</summary>
    public IReadOnlyList<int> ProcessIds => [.. processes.Select(p => p.Id)];

    /// <summary>Azurite's resident memory now, its three processes together.</summary>
    public long WorkingSet => processes.Sum(p =>
    {
        p.Refresh();
        return p.HasExited ? 0 : p.WorkingSet64;
    });

    public static async Task<AzuriteProcess> StartAsync(int port, string logFile)
    {
        if (await ListeningAsync(port) || await ListeningAsync(port + 1) || await ListeningAsync(port + 2))
        {
            throw new InvalidOperationException($"Something already listens on 127.0.0.1:{port}–{port + 2}; stop it or pass another --azurite-port.");
        }

        var root = RepositoryRoot.Find();
        var data = Directory.CreateTempSubdirectory("triage-load-azurite-").FullName;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
        var log = TextWriter.Synchronized(new StreamWriter(logFile, append: true) { AutoFlush = true });
        string[] common = ["--silent", "--skipApiVersionCheck", "--disableTelemetry", "--loose"];
        var processes = new[]
        {
            Start(root, log, "blob", [.. common, "--blobHost", "127.0.0.1", "--blobPort", $"{port}", "--location", Path.Combine(data, "blob")]),
            Start(root, log, "queue", [.. common, "--queueHost", "127.0.0.1", "--queuePort", $"{port + 1}", "--location", Path.Combine(data, "queue")]),
            // AZURITE_TABLE_DEBUG=FILE: the table service logs every request there (about 100 MB a minute
            // at 3 requests/s); tests/Triage.LoadDriver/azurite-table-ops.py sums its time by operation.
            Start(root, log, "table", [.. common, "--tableHost", "127.0.0.1", "--tablePort", $"{port + 2}", "--inMemoryPersistence", .. (Environment.GetEnvironmentVariable("AZURITE_TABLE_DEBUG") is { } d ? new[] { "--debug", d } : [])]),
        };

        var clock = Stopwatch.StartNew();
        while (!(await ListeningAsync(port) && await ListeningAsync(port + 1) && await ListeningAsync(port + 2)))
        {
            if (processes.Any(p => p.HasExited) || clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"Azurite did not start on 127.0.0.1:{port}–{port + 2}; see {logFile}.");
            }

            await Task.Delay(100);
        }

        return new AzuriteProcess(processes, log, data, port);
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(processes.Select(StopAsync));
        foreach (var process in processes)
        {
            process.Dispose();
        }

        await log.DisposeAsync();
        Directory.Delete(dataDirectory, recursive: true);
    }

    private static Process Start(string root, TextWriter log, string service, string[] args)
    {
        var info = new ProcessStartInfo("node") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(root, "node_modules", "azurite", "dist", "src", service, "main.js"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start Azurite's {service} service (node).");
        process.OutputDataReceived += (_, e) => log.WriteLine(e.Data);
        process.ErrorDataReceived += (_, e) => log.WriteLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        // After the exit, so the last lines of its output are in the log before it is closed.
        await process.WaitForExitAsync();
    }

    private static async Task<bool> ListeningAsync(int port)
    {
        using var socket = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await socket.ConnectAsync("127.0.0.1", port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
