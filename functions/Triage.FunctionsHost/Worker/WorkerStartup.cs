using Triage.FunctionsHost.Rpc;

namespace Triage.FunctionsHost.Worker;

/// <summary>
/// The host's side of a worker's start, in the order the host follows: init (the worker answers with
/// its capabilities, among them <c>HttpUri</c>, its own Kestrel address for the ASP.NET Core
/// integration), the metadata request (the worker indexes its functions), then one load request per
/// function, each awaited: the worker ignores the batched load request.
/// </summary>
public static class WorkerStartup
{
    /// <summary>The host version the harness claims; the worker only logs it.</summary>
    public const string HostVersion = "4.1041.0";

    private const string HttpUriCapability = "HttpUri";

    public static async Task<StartedWorker> RunAsync(WorkerConnection connection, FunctionApp app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(app);
        var init = await connection.RequestAsync(
            new StreamingMessage { WorkerInitRequest = new WorkerInitRequest { HostVersion = HostVersion, WorkerDirectory = app.Directory, FunctionAppDirectory = app.Directory } },
            nameof(StreamingMessage.ContentOneofCase.WorkerInitResponse),
            cancellationToken);
        EnsureSuccess(init.WorkerInitResponse.Result, "initialize");
        if (!init.WorkerInitResponse.Capabilities.TryGetValue(HttpUriCapability, out var httpUri))
        {
            throw new InvalidOperationException("The worker did not report the HttpUri capability: the Functions app must use the ASP.NET Core integration (ConfigureFunctionsWebApplication).");
        }

        var metadata = await connection.RequestAsync(
            new StreamingMessage { FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = app.Directory } },
            nameof(StreamingMessage.ContentOneofCase.FunctionMetadataResponse),
            cancellationToken);
        EnsureSuccess(metadata.FunctionMetadataResponse.Result, "index its functions");
        var functions = metadata.FunctionMetadataResponse.FunctionMetadataResults.Select(m => new LoadedFunction(m)).ToList();

        // The host's load-time rules before anything is loaded: a broken app does not start at all.
        FunctionRules.EnsureValid(functions, app.RoutePrefix);

        foreach (var function in functions)
        {
            var loaded = await connection.RequestAsync(
                new StreamingMessage { FunctionLoadRequest = new FunctionLoadRequest { FunctionId = function.Id, Metadata = function.ForLoad(app.Directory) } },
                function.Id,
                cancellationToken);
            EnsureSuccess(loaded.FunctionLoadResponse.Result, $"load function '{function.Name}'");
        }

        return new StartedWorker(new Uri(httpUri), init.WorkerInitResponse.WorkerVersion, new FunctionIndex(functions));
    }

    private static void EnsureSuccess(StatusResult? result, string step)
    {
        if (result is not null && result.Status != StatusResult.Types.Status.Success)
        {
            throw new InvalidOperationException($"The worker failed to {step}: {result.Exception?.Message ?? result.Result}");
        }
    }
}
