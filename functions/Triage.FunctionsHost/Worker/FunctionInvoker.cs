using System.Diagnostics;
using System.Text.Json;
using Triage.FunctionsHost.Rpc;

namespace Triage.FunctionsHost.Worker;

/// <summary>
/// Invokes a loaded function as the host does: the trigger's value under the trigger binding's name,
/// and every <c>[DurableClient]</c> input as the JSON the Durable extension's client converter reads
/// (<c>rpcBaseUrl</c> is the in-process engine's gRPC address, so the worker's client talks to it).
/// </summary>
public sealed class FunctionInvoker
{
    private readonly WorkerConnection connection;
    private readonly string durableClientPayload;

    public FunctionInvoker(WorkerConnection connection, Uri engineAddress, string taskHubName, Uri baseAddress)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        this.connection = connection;
        durableClientPayload = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["rpcBaseUrl"] = engineAddress.ToString(),
            ["taskHubName"] = taskHubName,
            ["connectionName"] = "AzureWebJobsStorage",
            ["requiredQueryStringParameters"] = "",
            ["httpBaseUrl"] = new Uri(baseAddress, "runtime/webhooks/durabletask").ToString(),
            ["maxGrpcMessageSizeInBytes"] = int.MaxValue,
        });
    }

    public Task<InvocationResponse> InvokeAsync(
        LoadedFunction function, TypedData trigger, CancellationToken cancellationToken, string? invocationId = null, IReadOnlyDictionary<string, TypedData>? triggerMetadata = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        var request = new InvocationRequest
        {
            InvocationId = invocationId ?? Guid.NewGuid().ToString(),
            FunctionId = function.Id,
            // The worker's invocation span hangs under the harness's (an HTTP request's), as under the host's.
            TraceContext = new RpcTraceContext
            {
                TraceParent = Activity.Current?.Id ?? $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-00",
                TraceState = Activity.Current?.TraceStateString ?? "",
            },
        };
        request.InputData.Add(new ParameterBinding { Name = function.TriggerName, Data = trigger });
        foreach (var name in function.InputsOfType("durableClient"))
        {
            request.InputData.Add(new ParameterBinding { Name = name, Data = new TypedData { String = durableClientPayload } });
        }

        if (triggerMetadata is not null)
        {
            foreach (var (key, value) in triggerMetadata)
            {
                request.TriggerMetadata[key] = value;
            }
        }

        return connection.InvokeAsync(request, cancellationToken);
    }

    /// <summary>Throws with the worker's message when an invocation failed.</summary>
    public static InvocationResponse EnsureSuccess(InvocationResponse response, LoadedFunction function)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(function);
        if (response.Result?.Status != StatusResult.Types.Status.Success)
        {
            throw new FunctionFailedException(function.Name, response.Result?.Exception);
        }

        return response;
    }
}
