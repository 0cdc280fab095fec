using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Triage.Application.Identity;
using Triage.Application.Telemetry;
using Triage.Application.UseCases;
using Triage.Contracts;
using Triage.Domain;
using Triage.Storage;

namespace Triage.Application.Messaging;

/// <summary>
/// Handles one message of <c>approval-decisions</c>; the Functions app's QueueTrigger and the
/// self-host's <see cref="ApprovalDecisionPoller"/> both call it. A message it cannot read throws, so
/// the host retries it and, after the 5th dequeue, moves it to <c>approval-decisions-poison</c>: nothing
/// of it is written anywhere. A readable decision is checked like an HTTP one: its <c>bearer</c> is
/// validated by the same <see cref="TriageTokenValidator"/> (issuer, audience, signature, lifetime), and
/// its subject is the approver and its <c>steps</c> claim the steps held; the one-time
/// <c>decisionToken</c> then only proves which notification is answered. A refused decision (no valid
/// bearer, step not held, bad or used token, unknown or finished request, not at that step) is recorded
/// on the request's timeline as its reason code by <see cref="DecideStep"/> and consumed: retrying
/// cannot help it.
/// </summary>
public sealed partial class ApprovalDecisionHandler
{
    /// <summary>Longest comment kept, as over HTTP.</summary>
    public const int MaxComment = 2000;

    private readonly DecideStep decide;
    private readonly TriageTokenValidator validator;
    private readonly ILogger<ApprovalDecisionHandler> logger;

    public ApprovalDecisionHandler(DecideStep decide, TriageTokenValidator validator, ILogger<ApprovalDecisionHandler> logger)
    {
        this.decide = decide;
        this.validator = validator;
        this.logger = logger;
    }

    public async Task<CommandResult> HandleAsync(string messageText, long dequeueCount, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var message = Parse(messageText);
        var correlationId = Correlation.GetOrCreate(message.CorrelationId);
        using var scope = Correlation.BeginScope(logger, correlationId);
        TriageTelemetry.QueueMessages.Add(1, new KeyValuePair<string, object?>(TriageTelemetry.Tags.Queue, "approval-decisions"), new KeyValuePair<string, object?>("direction", "receive"));

        var bearer = await validator.ValidateTokenAsync(StripScheme(message.Bearer));
        if (!bearer.Succeeded)
        {
            logger.LogWarning("Queue decision for {RequestId} step {Step} has no valid bearer: {Problem}", message.RequestId, message.Step, bearer.ErrorDescription);
        }

        var command = new DecisionCommand(message.RequestId, message.Step, message.Decision, bearer.Caller, message.Comment, message.DecisionToken);
        var result = await decide.RunAsync(command, client, cancellationToken);
        logger.LogInformation(
            "Queue decision for {RequestId} step {Step} by {Approver} (dequeue {DequeueCount}): {Status} {Reason}",
            command.RequestId, command.Step, bearer.Caller?.Subject ?? "(no valid bearer)", dequeueCount, result.Status, result.Reason);
        return result;
    }

    /// <summary>A message read and checked for shape: ids that can be ids, the decision word parsed
    /// (approve or reject), a one-time token, a comment of bounded length. The bearer is not checked here
    /// (a decision without a valid one is refused and recorded, not poisoned).</summary>
    public sealed record QueuedDecision(string RequestId, string Step, Decision Decision, string? Comment, string DecisionToken, string? Bearer, string? CorrelationId);

    /// <summary>Reads a message; throws <see cref="FormatException"/> for anything that is not a complete,
    /// well-formed decision (so it goes the retry → poison way, and nothing of it is written).</summary>
    public static QueuedDecision Parse(string messageText)
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
            || !IsIdentifier(message.RequestId)
            || !IsIdentifier(message.Step)
            || DecisionWords.Parse(message.Decision) is not { } decision
            || decision is not (Decision.Approve or Decision.Reject)
            || string.IsNullOrWhiteSpace(message.DecisionToken)
            || message.DecisionToken.Length > 256
            || message.Comment is { Length: > MaxComment })
        {
            throw new FormatException("approval-decisions: a decision needs requestId, step, decision ('approve' or 'reject'), decisionToken and bearer; a comment of at most 2000 characters.");
        }

        return new QueuedDecision(message.RequestId!, message.Step!.ToLowerInvariant(), decision, message.Comment, message.DecisionToken, message.Bearer, message.CorrelationId);
    }

    private static string StripScheme(string? bearer)
    {
        var value = bearer?.Trim() ?? "";
        return value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value["Bearer ".Length..].Trim() : value;
    }

    /// <summary>What an id (request, step) can look like at all, as in the HTTP paths.</summary>
    private static bool IsIdentifier(string? value) => value is { Length: > 0 and <= 128 } && IdentifierPattern().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex IdentifierPattern();
}
