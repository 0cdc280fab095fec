using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Triage.Application.Telemetry;
using Triage.Application.UseCases;
using Triage.Contracts;
using Triage.Domain;
using Triage.Storage;

namespace Triage.Application.Messaging;

/// <summary>
/// Handles one message of <c>approval-decisions</c>; the Functions app's QueueTrigger and the
/// self-host's <see cref="ApprovalDecisionPoller"/> both call it. A message it cannot read throws, so
/// the host retries it and, after the 5th dequeue, moves it to <c>approval-decisions-poison</c>. A
/// readable decision that is refused (wrong approver, bad or used token, unknown or finished request,
/// not at that step) is recorded on the request's timeline by <see cref="DecideStep"/> and consumed:
/// retrying cannot help it.
/// </summary>
public sealed class ApprovalDecisionHandler
{
    private readonly DecideStep decide;
    private readonly ILogger<ApprovalDecisionHandler> logger;

    public ApprovalDecisionHandler(DecideStep decide, ILogger<ApprovalDecisionHandler> logger)
    {
        this.decide = decide;
        this.logger = logger;
    }

    public async Task<CommandResult> HandleAsync(string messageText, long dequeueCount, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var (command, incomingCorrelationId) = Read(messageText);
        var correlationId = Correlation.GetOrCreate(incomingCorrelationId);
        using var scope = Correlation.BeginScope(logger, correlationId);
        TriageTelemetry.QueueMessages.Add(1, new KeyValuePair<string, object?>(TriageTelemetry.Tags.Queue, "approval-decisions"), new KeyValuePair<string, object?>("direction", "receive"));
        var result = await decide.RunAsync(command, client, cancellationToken);
        logger.LogInformation(
            "Queue decision for {RequestId} step {Step} by {Approver} (dequeue {DequeueCount}): {Status} {Reason}",
            command.RequestId, command.Step, command.Approver, dequeueCount, result.Status, result.Reason);
        return result;
    }

    /// <summary>Reads a message into the decide use case's command, its decision word parsed once here;
    /// throws <see cref="FormatException"/> for anything that is not a complete decision (so it goes the
    /// retry → poison way).</summary>
    public static DecisionCommand Parse(string messageText) => Read(messageText).Command;

    private static (DecisionCommand Command, string? CorrelationId) Read(string messageText)
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
            || DecisionWords.Parse(message.Decision) is not { } decision
            || decision is not (Decision.Approve or Decision.Reject)
            || string.IsNullOrWhiteSpace(message.Approver)
            || string.IsNullOrWhiteSpace(message.DecisionToken))
        {
            throw new FormatException("approval-decisions: a decision needs requestId, step, decision ('approve' or 'reject'), approver and decisionToken.");
        }

        // The directory of approvers says who holds the step (the command carries no token steps).
        var command = new DecisionCommand(message.RequestId, message.Step, decision, message.Approver, message.Comment, message.DecisionToken, StepsHeldByToken: null);
        return (command, message.CorrelationId);
    }
}
