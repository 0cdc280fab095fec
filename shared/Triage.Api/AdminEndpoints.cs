using DurableTask.Core.History;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Triage.Api;

/// <summary>
/// Orchestration operations for admins, straight on the Durable Task client (instance id = request id).
/// Each checks the instance's runtime status first and answers 409 when the operation makes no sense
/// in it, rather than relying on backend-specific behaviour.
/// </summary>
internal static class AdminEndpoints
{
    private static readonly OrchestrationRuntimeStatus[] Finished =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    private static readonly OrchestrationRuntimeStatus[] Active =
        [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended];

    public static async Task<IResult> HistoryAsync(ApiCall call)
    {
        var id = call.Value("id");
        var instance = await call.Client.GetInstanceAsync(id, getInputsAndOutputs: false, call.Aborted);
        if (instance is null)
        {
            return NotFound(id);
        }

        IReadOnlyList<HistoryEventView>? history = null;
        string? unavailable = null;
        try
        {
            var events = await call.Client.GetOrchestrationHistoryAsync(id, call.Aborted);
            if (events.Count == 0 && instance.RuntimeStatus != OrchestrationRuntimeStatus.Pending)
            {
                // A started instance has at least its ExecutionStarted event: an empty answer means the
                // backend does not serve history (the in-process engine's sidecar), not that there is none.
                unavailable = $"This Durable Task backend returned no history for a started instance; the request's timeline is at {RequestEndpoints.StatusUrl(id)}.";
            }
            else
            {
                history = events.Select(ToView).ToList();
            }
        }
        catch (NotSupportedException)
        {
            unavailable = $"This Durable Task backend does not expose orchestration history; the request's timeline is at {RequestEndpoints.StatusUrl(id)}.";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Some backends answer 'unimplemented' over gRPC rather than NotSupportedException; say so
            // instead of failing the whole call, the instance's status is still worth showing.
            call.Http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(AdminEndpoints).FullName!)
                .LogWarning(ex, "History of {InstanceId} could not be read", id);
            unavailable = $"The history could not be read from this backend ({ex.GetType().Name}); the request's timeline is at {RequestEndpoints.StatusUrl(id)}.";
        }

        return new JsonResponse<InstanceHistoryView>(StatusCodes.Status200OK, new InstanceHistoryView(ToView(instance), history, unavailable), ApiJsonContext.Default.InstanceHistoryView);
    }

    public static Task<IResult> SuspendAsync(ApiCall call) => OperateAsync(
        call, "Suspending", [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending],
        (client, id, ct) => client.SuspendInstanceAsync(id, $"suspended by {call.Caller.Subject}", ct));

    public static Task<IResult> ResumeAsync(ApiCall call) => OperateAsync(
        call, "Resuming", [OrchestrationRuntimeStatus.Suspended],
        (client, id, ct) => client.ResumeInstanceAsync(id, $"resumed by {call.Caller.Subject}", ct));

    /// <summary>Terminates the instance, then settles what the orchestration can no longer settle
    /// itself: the request's reservation is released (waking requests waiting for that money) and its
    /// outcome recorded as <c>Failed</c>, so a terminate never leaves money held.</summary>
    public static Task<IResult> TerminateAsync(ApiCall call) => OperateAsync(
        call, "Terminated", Active,
        async (client, id, ct) =>
        {
            await client.TerminateInstanceAsync(id, $"terminated by {call.Caller.Subject}", ct);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(TimeSpan.FromSeconds(30));
            await client.WaitForInstanceCompletionAsync(id, wait.Token);
            var reconciled = await call.Service.ReconcileAsync(id, call.Caller.Subject, ct);
            if (!reconciled.Succeeded && reconciled.Status != Application.UseCases.CommandStatus.NotFound)
            {
                throw new InvalidOperationException(reconciled.Message ?? "The terminated request could not be settled.");
            }
        });

    public static Task<IResult> RestartAsync(ApiCall call) => OperateAsync(
        call, "Restarting", Finished,
        (client, id, ct) => client.RestartAsync(id, restartWithNewInstanceId: false, ct));

    public static async Task<IResult> PurgeAsync(ApiCall call)
    {
        var id = call.Value("id");
        var instance = await call.Client.GetInstanceAsync(id, getInputsAndOutputs: false, call.Aborted);
        if (instance is null)
        {
            return NotFound(id);
        }

        if (!Finished.Contains(instance.RuntimeStatus))
        {
            return NotIn(instance, Finished);
        }

        await call.Client.PurgeInstanceAsync(id, call.Aborted);
        return new EmptyResponse(StatusCodes.Status204NoContent);
    }

    private static async Task<IResult> OperateAsync(
        ApiCall call, string status, OrchestrationRuntimeStatus[] allowed, Func<DurableTaskClient, string, CancellationToken, Task> operation)
    {
        var id = call.Value("id");
        var instance = await call.Client.GetInstanceAsync(id, getInputsAndOutputs: false, call.Aborted);
        if (instance is null)
        {
            return NotFound(id);
        }

        if (!allowed.Contains(instance.RuntimeStatus))
        {
            return NotIn(instance, allowed);
        }

        try
        {
            await operation(call.Client, id, call.Aborted);
        }
        catch (InvalidOperationException ex)
        {
            return Problems.Conflict($"The engine refused: {ex.Message}", "INSTANCE_STATE");
        }

        var url = $"/{RouteTemplates.Prefix}/admin/instances/{Uri.EscapeDataString(id)}/history";
        return new JsonResponse<CommandAccepted>(StatusCodes.Status202Accepted, new CommandAccepted(id, status, url), ApiJsonContext.Default.CommandAccepted) { Location = url };
    }

    private static IResult NotFound(string id) => Problems.NotFound($"No orchestration instance '{id}' exists.");

    private static IResult NotIn(OrchestrationMetadata instance, OrchestrationRuntimeStatus[] allowed) =>
        Problems.Conflict($"The instance is {instance.RuntimeStatus}; this needs {string.Join(" or ", allowed)}.", "INSTANCE_STATE");

    private static InstanceView ToView(OrchestrationMetadata m) => new(
        m.InstanceId, m.Name, m.RuntimeStatus.ToString(), m.CreatedAt, m.LastUpdatedAt, m.SerializedCustomStatus, m.FailureDetails?.ErrorMessage);

    private static HistoryEventView ToView(HistoryEvent e) => new(
        e.EventId,
        e.EventType.ToString(),
        new DateTimeOffset(DateTime.SpecifyKind(e.Timestamp, DateTimeKind.Utc)),
        e switch
        {
            ExecutionStartedEvent s => s.Name,
            TaskScheduledEvent s => s.Name,
            SubOrchestrationInstanceCreatedEvent s => s.Name,
            EventRaisedEvent s => s.Name,
            EventSentEvent s => s.Name,
            TimerCreatedEvent s => $"fires at {s.FireAt:O}",
            _ => null,
        });
}
