using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Triage.Application.Orchestration;
using Triage.Domain;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>
/// A person's decision on a step, from either channel, with its word already read into a
/// <see cref="Domain.Decision"/> at the boundary (approve or reject). Over HTTP the approver is the
/// token's subject and <c>StepsHeldByToken</c> the steps its token holds; from the queue the message
/// carries the one-time <c>DecisionToken</c> and the approvers directory says who holds which step.
/// </summary>
public sealed record DecisionCommand(
    string RequestId,
    string Step,
    Decision Decision,
    string Approver,
    string? Comment,
    string? DecisionToken,
    IReadOnlyCollection<string>? StepsHeldByToken);

/// <summary>
/// Checks and records a decision, then raises it on the orchestration. In order: the approver holds
/// the step (403, before anything about the request is told), the request exists (404), a queue
/// decision's token matches (403), the step has no decision yet (409), the request is open and waiting
/// at that step (409); the first decision recorded wins. Every refusal is on the request's timeline.
/// </summary>
public sealed class DecideStep
{
    private readonly RequestStore requests;
    private readonly TimelineStore timeline;
    private readonly DecisionStore decisions;
    private readonly TimeProvider clock;
    private readonly ILogger<DecideStep> logger;

    public DecideStep(RequestStore requests, TimelineStore timeline, DecisionStore decisions, TimeProvider clock, ILogger<DecideStep> logger)
    {
        this.requests = requests;
        this.timeline = timeline;
        this.decisions = decisions;
        this.clock = clock;
        this.logger = logger;
    }

    public async Task<CommandResult> RunAsync(DecisionCommand command, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var channel = command.DecisionToken is null ? "http" : "queue";
        if (command.StepsHeldByToken is { } held)
        {
            if (!held.Contains(command.Step, StringComparer.Ordinal))
            {
                return await RefuseAsync(command, channel, CommandStatus.Forbidden, "NOT_APPROVER_FOR_STEP", $"The token does not hold the step '{command.Step}'.", cancellationToken);
            }
        }
        else if (!await decisions.HoldsStepAsync(command.Approver, command.Step, cancellationToken))
        {
            return await RefuseAsync(command, channel, CommandStatus.Forbidden, "NOT_APPROVER_FOR_STEP", $"{command.Approver} does not hold the step {command.Step}.", cancellationToken);
        }

        var request = await requests.GetAsync(command.RequestId, cancellationToken);
        if (request is null)
        {
            return await RefuseAsync(command, channel, CommandStatus.NotFound, "UNKNOWN_REQUEST", $"No request {command.RequestId}.", cancellationToken);
        }

        if (command.DecisionToken is not null && !await decisions.TokenMatchesAsync(command.RequestId, command.Step, command.DecisionToken, cancellationToken))
        {
            return await RefuseAsync(command, channel, CommandStatus.Forbidden, "BAD_TOKEN", "The decision token does not match this request and step.", cancellationToken);
        }

        var existing = await decisions.GetAsync(command.RequestId, command.Step, cancellationToken);
        if (existing is not null)
        {
            var reason = command.DecisionToken is null ? "ALREADY_DECIDED" : "TOKEN_USED";
            return await RefuseAsync(command, channel, CommandStatus.Conflict, reason, $"Step {command.Step} was decided already ({existing.Decision} by {existing.Approver}).", cancellationToken);
        }

        if (!request.IsOpen)
        {
            return await RefuseAsync(command, channel, CommandStatus.Conflict, "REQUEST_FINISHED", $"Request {command.RequestId} is {request.Outcome} already.", cancellationToken);
        }

        if (request.Stage != Stage.AwaitingApproval || request.PendingStep != command.Step)
        {
            return await RefuseAsync(command, channel, CommandStatus.Conflict, "NOT_AT_STEP", $"Request {command.RequestId} is not waiting for {command.Step} (stage {request.Stage}, step {request.PendingStep ?? "none"}).", cancellationToken);
        }

        var decision = new StepDecision(command.RequestId, command.Step, command.Decision, command.Approver, command.Comment, channel, clock.GetUtcNow());
        var (won, holding) = await decisions.TryDecideAsync(decision, cancellationToken);
        if (!won)
        {
            return await RefuseAsync(command, channel, CommandStatus.Conflict, "ALREADY_DECIDED", $"Step {command.Step} was decided already ({holding.Decision} by {holding.Approver}).", cancellationToken);
        }

        await timeline.AppendAsync(
            new TimelineEvent(command.RequestId, decision.At, $"decision:{command.Step}", "decision", $"{command.Step}: {command.Decision.ToWire()} via {channel}" + (string.IsNullOrEmpty(command.Comment) ? "" : $": {command.Comment}"), command.Approver),
            cancellationToken);
        await client.RaiseEventAsync(command.RequestId, TriageEvents.Decision(command.Step), decision, cancellationToken);
        return CommandResult.Ok;
    }

    private async Task<CommandResult> RefuseAsync(DecisionCommand command, string channel, CommandStatus status, string reason, string message, CancellationToken cancellationToken)
    {
        logger.LogWarning("Decision refused for {RequestId} step {Step} by {Approver} via {Channel}: {Reason}", command.RequestId, command.Step, command.Approver, channel, reason);
        if (TableExtensions.IsValidKey(command.RequestId))
        {
            await timeline.AppendAsync(
                new TimelineEvent(command.RequestId, clock.GetUtcNow(), $"refused:{command.Step}:{Guid.NewGuid():N}", "decision-refused", $"{command.Step}: {command.Decision.ToWire()} via {channel} refused: {reason}: {message}", command.Approver),
                cancellationToken);
        }

        return new CommandResult(status, reason, message);
    }
}
