using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.DurableTask.Protobuf;
using Triage.FunctionsHost.Rpc;
using Triage.FunctionsHost.Worker;

namespace Triage.FunctionsHost.Triggers;

/// <summary>
/// Orchestrator and activity triggers: the harness is the engine's one work-item client (its
/// <c>GetWorkItems</c> stream), as the Durable extension is inside the Functions host, and runs each
/// work item as an invocation of the worker's function of that name.
/// An orchestrator gets the base64 of the <c>OrchestratorRequest</c> and returns the base64 of its
/// <c>OrchestratorResponse</c>; an activity gets its input JSON and returns its result.
/// </summary>
public sealed class DurableTaskPump(FunctionIndex functions, FunctionInvoker invoker, TaskHubSidecarService.TaskHubSidecarServiceClient engine, ILogger<DurableTaskPump> logger)
{
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var stream = engine.GetWorkItems(new GetWorkItemsRequest(), cancellationToken: stoppingToken);
                await foreach (var item in stream.ResponseStream.ReadAllAsync(stoppingToken))
                {
                    // Each work item on its own: the engine's caps bound how many are in flight.
                    _ = item.RequestCase switch
                    {
                        WorkItem.RequestOneofCase.OrchestratorRequest => Task.Run(() => RunOrchestratorAsync(item.OrchestratorRequest, item.CompletionToken, stoppingToken), stoppingToken),
                        WorkItem.RequestOneofCase.ActivityRequest => Task.Run(() => RunActivityAsync(item.ActivityRequest, item.CompletionToken, stoppingToken), stoppingToken),
                        _ => Task.CompletedTask,
                    };
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is Grpc.Core.RpcException or IOException)
            {
                logger.LogWarning(e, "The engine's work-item stream broke; opening it again");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task RunOrchestratorAsync(OrchestratorRequest request, string completionToken, CancellationToken cancellationToken)
    {
        var name = request.PastEvents.Concat(request.NewEvents).FirstOrDefault(e => e.ExecutionStarted is not null)?.ExecutionStarted.Name;
        try
        {
            var function = (name is null ? null : functions.Task(name, "orchestrationTrigger"))
                ?? throw new InvalidOperationException($"No orchestrator function is named '{name}'.");
            var state = new TypedData { String = Convert.ToBase64String(request.ToByteArray()) };
            var answer = FunctionInvoker.EnsureSuccess(await invoker.InvokeAsync(function, state, cancellationToken), function);
            var response = OrchestratorResponse.Parser.ParseFrom(Convert.FromBase64String(answer.ReturnValue.String));
            response.CompletionToken = completionToken;
            await engine.CompleteOrchestratorTaskAsync(response, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // As the host does with an orchestrator episode it could not run: give it back to be retried.
            logger.LogError(e, "Orchestration {InstanceId} ({Name}): the episode failed; abandoning it", request.InstanceId, name);
            await AbandonAsync(() => engine.AbandonTaskOrchestratorWorkItemAsync(new AbandonOrchestrationTaskRequest { CompletionToken = completionToken }, cancellationToken: cancellationToken).ResponseAsync);
        }
    }

    private async Task RunActivityAsync(ActivityRequest request, string completionToken, CancellationToken cancellationToken)
    {
        var response = new ActivityResponse { InstanceId = request.OrchestrationInstance.InstanceId, TaskId = request.TaskId, CompletionToken = completionToken };
        try
        {
            var function = functions.Task(request.Name, "activityTrigger")
                ?? throw new InvalidOperationException($"No activity function is named '{request.Name}'.");
            var input = new TypedData { String = ActivityInput(request.Input) };
            var metadata = new Dictionary<string, TypedData> { ["instanceId"] = new() { String = request.OrchestrationInstance.InstanceId } };
            var answer = await invoker.InvokeAsync(function, input, cancellationToken, triggerMetadata: metadata);
            if (answer.Result?.Status == StatusResult.Types.Status.Success)
            {
                response.Result = ResultJson(answer.ReturnValue);
            }
            else
            {
                response.FailureDetails = new TaskFailureDetails
                {
                    ErrorType = answer.Result?.Exception?.Source ?? "FunctionFailed",
                    ErrorMessage = answer.Result?.Exception?.Message ?? "The activity function failed.",
                    StackTrace = answer.Result?.Exception?.StackTrace,
                };
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OperationCanceledException)
        {
            response.FailureDetails = new TaskFailureDetails { ErrorType = e.GetType().FullName, ErrorMessage = e.Message, StackTrace = e.StackTrace };
        }

        try
        {
            await engine.CompleteActivityTaskAsync(response, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is Grpc.Core.RpcException)
        {
            logger.LogWarning(e, "Activity {Name} of {InstanceId}: the result could not be delivered; the engine will run it again", request.Name, response.InstanceId);
        }
    }

    // The engine hands an activity its input as a one-element JSON array (the task framework's parameter
    // list); the activity trigger binds the element, as the Durable extension unwraps it in the host.
    private static string ActivityInput(string? raw)
    {
        if (string.IsNullOrEmpty(raw) || JsonNode.Parse(raw) is not JsonArray parameters)
        {
            return raw ?? "";
        }

        return parameters.Count == 0 ? "" : parameters[0]?.ToJsonString() ?? "null";
    }

    // The orchestrator's data converter reads JSON: JSON comes through as it is, a string is quoted.
    private static string? ResultJson(TypedData? value) => value?.DataCase switch
    {
        TypedData.DataOneofCase.Json => value.Json,
        TypedData.DataOneofCase.String => JsonSerializer.Serialize(value.String),
        TypedData.DataOneofCase.Int => value.Int.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };

    private async Task AbandonAsync(Func<Task> abandon)
    {
        try
        {
            await abandon();
        }
        catch (Grpc.Core.RpcException e)
        {
            logger.LogWarning(e, "Abandoning a work item failed; the engine takes it back when its lock expires");
        }
    }
}
