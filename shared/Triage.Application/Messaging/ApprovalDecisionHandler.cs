using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Triage.Storage;
using Triage.Contracts;
using Triage.Domain;
using Triage.Application.UseCases;
using Triage.Application.Telemetry;

namespace Triage.Application.Messaging;

/// <summary>
/// Handles one message of <c>approval-decisions</c>; the Functions app's QueueTrigger and the
/// self-host's <see cref="ApprovalDecisionPoller"/> both call it. A message it cannot read throws, so
/// the host retries it and, after the 5th dequeue, moves it to <c>approval-decisions-poison</c>. A
/// readable decision that is refused (wrong approver, bad or used token, unknown or finished request,
/// not at that step) is recorded on the request's timeline and consumed: retrying cannot help it.
/// </summary>
public sealed class ApprovalDecisionHandler
{
    private readonly ITriageServiceFactory services;
    private readonly ILogger<ApprovalDecisionHandler> logger;

    public ApprovalDecisionHandler(ITriageServiceFactory services, ILogger<ApprovalDecisionHandler> logger)
    {
        this.services = services;
        this.logger = logger;
    }

    public async Task<CommandResult> HandleAsync(string messageText, long dequeueCount, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var message = Parse(messageText);
        var correlationId = Correlation.GetOrCreate(message.CorrelationId);
        using var scope = Correlation.BeginScope(logger, correlationId);
        TriageTelemetry.QueueMessages.Add(1, new KeyValuePair<string, object?>(TriageTelemetry.Tags.Queue, "approval-decisions"), new KeyValuePair<string, object?>("direction", "receive"));
        var result = await services.Create(client).DecideAsync(
            new DecisionCommand(message.RequestId!, message.Step!, DecisionWords.Parse(message.Decision)!.Value, message.Approver!, message.Comment, message.DecisionToken!, null),
            cancellationToken);
        logger.LogInformation(
            "Queue decision for {RequestId} step {Step} by {Approver} (dequeue {DequeueCount}): {Status} {Reason}",
            message.RequestId, message.Step, message.Approver, dequeueCount, result.Status, result.Reason);
        return result;
    }

    /// <summary>Reads a message; throws <see cref="FormatException"/> for anything that is not a
    /// complete decision (so it goes the retry → poison way).</summary>
    public static ApprovalDecisionMessage Parse(string messageText)
    {
        ApprovalDecisionMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<ApprovalDecisionMessage>(messageText, QueueSender.Json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"approval-decisions: not a JSON decision ({ex.Message}).", ex);
        }

        if (message is null
            || string.IsNullOrWhiteSpace(message.RequestId)
            || string.IsNullOrWhiteSpace(message.Step)
            || DecisionWords.Parse(message.Decision) is not (Decision.Approve or Decision.Reject)
            || string.IsNullOrWhiteSpace(message.Approver)
            || string.IsNullOrWhiteSpace(message.DecisionToken))
        {
            throw new FormatException("approval-decisions: a decision needs requestId, step, decision ('approve' or 'reject'), approver and decisionToken.");
        }

        return message;
    }
}
