using System.Diagnostics;

namespace Triage.FunctionsHost.Worker;

/// <summary>
/// The Functions app's isolated worker as a child process, started the way the Functions host starts
/// it: <c>dotnet {app}.dll</c> with the <c>--functions-*</c> switches naming our gRPC endpoint, in the
/// app's folder, with the app settings as environment variables. Its standard output and error go to
/// the log (the worker's own logs arrive as RpcLog messages; this is what escapes them, such as a crash).
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    // The largest message either side accepts; 0 would make the worker refuse every message.
    private const string MaxMessageLength = "2147483647";
    private readonly Process process;

    private WorkerProcess(Process process, string workerId)
    {
        this.process = process;
        WorkerId = workerId;
    }

    public string WorkerId { get; }

    public int ProcessId => process.Id;

    public Task Exited => process.WaitForExitAsync();

    public static WorkerProcess Start(FunctionApp app, Uri hostUri, IReadOnlyDictionary<string, string> settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(settings);
        var workerId = Guid.NewGuid().ToString();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = app.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
        {
            app.WorkerAssembly,
            "--functions-uri", hostUri.ToString(),
            "--functions-worker-id", workerId,
            "--functions-request-id", Guid.NewGuid().ToString(),
            "--functions-grpc-max-message-length", MaxMessageLength,
        })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in settings)
        {
            info.Environment[name] = value;
        }

        info.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        info.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = app.Directory;
        info.Environment["FUNCTIONS_WORKER_DIRECTORY"] = app.Directory;
        info.Environment["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location;
        info.Environment[StartupHook.ParentSetting] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the Functions worker (dotnet).");
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) { logger.LogInformation("worker: {Line}", e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 }) { logger.LogWarning("worker: {Line}", e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerProcess(process, workerId);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // The engine retries whatever the worker was running; nothing it holds needs a clean stop.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
