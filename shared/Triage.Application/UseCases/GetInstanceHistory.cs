using DurableTask.Core.History;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Triage.Application.UseCases;

/// <summary>
/// An orchestration instance and its history events; null when there is no such instance. A backend
/// that cannot list history (the in-process engine's sidecar, some gRPC backends) still gives the
/// instance, with <see cref="InstanceHistoryView.HistoryUnavailable"/> saying why the history is missing.
/// </summary>
public sealed class GetInstanceHistory
{
    private readonly ILogger<GetInstanceHistory> logger;

    public GetInstanceHistory(ILogger<GetInstanceHistory> logger)
    {
        this.logger = logger;
    }

    public async Task<InstanceHistoryView?> RunAsync(string instanceId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (instance is null)
        {
            return null;
        }

        IReadOnlyList<HistoryEventView>? history = null;
        string? unavailable = null;
        try
        {
            var events = await client.GetOrchestrationHistoryAsync(instanceId, cancellationToken);
            if (events.Count == 0 && instance.RuntimeStatus != OrchestrationRuntimeStatus.Pending)
            {
                // A started instance has at least its ExecutionStarted event: an empty answer means the
                // backend does not serve history, not that there is none.
                unavailable = "This Durable Task backend returned no history for a started instance";
            }
            else
            {
                history = [.. events.Select(ToView)];
            }
        }
        catch (NotSupportedException)
        {
            unavailable = "This Durable Task backend does not expose orchestration history";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Some backends answer 'unimplemented' over gRPC rather than NotSupportedException; say so
            // instead of failing the whole call, the instance's status is still worth showing.
            logger.LogWarning(ex, "History of {InstanceId} could not be read", instanceId);
            unavailable = $"The history could not be read from this backend ({ex.GetType().Name})";
        }

        return new InstanceHistoryView(ToView(instance), history, unavailable);
    }

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
