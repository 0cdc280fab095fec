using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Triage.Application.Identity;
using Triage.Application.Orchestration;
using Triage.Domain;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>
/// A person's decision on a step, from either channel, with its word already read into a
/// <see cref="Domain.Decision"/> at the boundary (approve or reject). <c>Approver</c> is who a validated
/// bearer token says decides: over HTTP the caller, from the queue the message's <c>bearer</c> (null
/// when it carried none that is valid). A queue decision also carries the one-time
/// <c>DecisionToken</c> of the notification it answers.
/// </summary>
public sealed record DecisionCommand(
    string RequestId,
    string Step,
    Decision Decision,
    Caller? Approver,
    string? Comment,
    string? DecisionToken);

/// <summary>
/// Checks and records a decision, then raises it on the orchestration. In order: a queue decision
/// carries a valid bearer token (403), the token holds the step or the step of this request was escalated
/// to the token's subject as a deputy (403, the same answer whether the request exists or not), the request exists (404), a queue decision's one-time token matches (403), the step has no
/// decision yet in this execution (409), the request is open and waiting at that step (409); the first
/// decision recorded wins. The same approver sending the same decision again (a retry, a redelivered
/// message) is answered as accepted and the event is raised again, so a decision recorded just before a
/// crash reaches the orchestration; anyone else gets 409. Every refusal is on the request's timeline as
/// its reason code, without the caller's free text.
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
        if (command.Approver is not { } approver)
        {
            return await RefuseAsync(command, channel, CommandStatus.Forbidden, "BAD_BEARER", "The decision carries no valid bearer token.", cancellationToken);
        }

        RequestRecord? request = null;
        if (!approver.HoldsStep(command.Step))
        {
            // A deputy decides only a step of this request escalated to them (the request's own record, written
            // by its orchestration from the policy it was screened with); to anyone else, holding the step or
            // not, the answer is the same 403, whether the request exists or not.
            request = approver.IsApprover ? await requests.GetAsync(command.RequestId, cancellationToken) : null;
            if (request?.Approvals.Any(a => a.Step == command.Step && a.EscalatedToSubject(approver.Subject)) != true)
            {
                return await RefuseAsync(command, channel, CommandStatus.Forbidden, "NOT_APPROVER_FOR_STEP", $"The token does not hold the step '{command.Step}', and it was not escalated to '{approver.Subject}'.", cancellationToken);
            }
        }

        request ??= await requests.GetAsync(command.RequestId, cancellationToken);
        if (request is null)
        {
            return await RefuseAsync(command, channel, CommandStatus.NotFound, "UNKNOWN_REQUEST", $"No request {command.RequestId}.", cancellationToken);
        }

        // The execution now running (a restart starts the next generation, decided afresh).
        var generation = await GenerationAsync(client, command.RequestId, cancellationToken);
        if (command.DecisionToken is not null && !await decisions.TokenMatchesAsync(command.RequestId, command.Step, generation, command.DecisionToken, cancellationToken))
        {
            return await RefuseAsync(command, channel, CommandStatus.Forbidden, "BAD_TOKEN", "The decision token does not match this request and step.", cancellationToken);
        }

        var existing = await decisions.GetAsync(command.RequestId, command.Step, generation, cancellationToken);
        if (existing is not null)
        {
            return await AgainOrRefuseAsync(command, channel, existing, request.IsOpen, client, cancellationToken);
        }

        if (!request.IsOpen)
        {
            return await RefuseAsync(command, channel, CommandStatus.Conflict, "REQUEST_FINISHED", $"Request {command.RequestId} is {request.Outcome} already.", cancellationToken);
        }

        if (request.Stage != Stage.AwaitingApproval || request.PendingStep != command.Step)
        {
            return await RefuseAsync(command, channel, CommandStatus.Conflict, "NOT_AT_STEP", $"Request {command.RequestId} is not waiting for {command.Step} (stage {request.Stage}, step {request.PendingStep ?? "none"}).", cancellationToken);
        }

        var decision = new StepDecision(command.RequestId, command.Step, command.Decision, approver.Subject, command.Comment, channel, clock.GetUtcNow(), generation);
        var (won, holding) = await decisions.TryDecideAsync(decision, cancellationToken);
        if (!won)
        {
            return await AgainOrRefuseAsync(command, channel, holding, request.IsOpen, client, cancellationToken);
        }

        await DeliverAsync(decision, raise: true, client, cancellationToken);
        return CommandResult.Ok;
    }

    /// <summary>The generation of the instance's running execution: 0 until an admin restart.</summary>
    private static async Task<int> GenerationAsync(DurableTaskClient client, string requestId, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(requestId, getInputsAndOutputs: true, cancellationToken);
        return instance?.ReadInputAs<TriageInput>()?.Generation ?? 0;
    }

    /// <summary>The step has its decision already. The same approver with the same decision is a retry
    /// (the first attempt may have died between the insert and the event): deliver the recorded decision
    /// again and accept. Anyone or anything else is refused.</summary>
    private async Task<CommandResult> AgainOrRefuseAsync(DecisionCommand command, string channel, StepDecision holding, bool open, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (holding.Decision == command.Decision && string.Equals(holding.Approver, command.Approver?.Subject, StringComparison.Ordinal))
        {
            logger.LogInformation("Decision for {RequestId} step {Step} by {Approver} via {Channel} is a retry; delivering the recorded one again", command.RequestId, command.Step, holding.Approver, channel);
            await DeliverAsync(holding, raise: open, client, cancellationToken);
            return CommandResult.Ok;
        }

        var reason = command.DecisionToken is null ? "ALREADY_DECIDED" : "TOKEN_USED";
        return await RefuseAsync(command, channel, CommandStatus.Conflict, reason, $"Step {command.Step} was decided already ({holding.Decision.ToWire()}).", cancellationToken);
    }

    /// <summary>The timeline entry (keyed by the decision's own time, so a retry writes it once) and the
    /// event that tells the orchestration to read the decision back. A duplicate event is harmless: the
    /// orchestration applies the table's decision once.</summary>
    private async Task DeliverAsync(StepDecision decision, bool raise, DurableTaskClient client, CancellationToken cancellationToken)
    {
        await timeline.AppendAsync(
            new TimelineEvent(decision.RequestId, decision.At, $"decision:{decision.Step}", "decision", $"{decision.Step}: {decision.Decision.ToWire()} via {decision.Channel}", decision.Approver, decision.Comment),
            cancellationToken);
        if (raise)
        {
            await client.RaiseEventAsync(decision.RequestId, TriageEvents.Decision(decision.Step), decision, cancellationToken);
        }
    }

    /// <summary>Logs the refusal and puts it on the request's timeline as its reason code: nothing the
    /// caller wrote goes there (not the comment; the step only when a validated token holds it; the
    /// actor only as a validated token's subject).</summary>
    private async Task<CommandResult> RefuseAsync(DecisionCommand command, string channel, CommandStatus status, string reason, string message, CancellationToken cancellationToken)
    {
        var subject = command.Approver?.Subject;
        logger.LogWarning("Decision refused for {RequestId} step {Step} by {Approver} via {Channel}: {Reason}", command.RequestId, command.Step, subject ?? "(no valid bearer)", channel, reason);
        if (TableExtensions.IsValidKey(command.RequestId))
        {
            var step = command.Approver?.HoldsStep(command.Step) == true ? command.Step + ": " : "";
            await timeline.AppendAsync(
                new TimelineEvent(command.RequestId, clock.GetUtcNow(), $"refused:{Guid.NewGuid():N}", "decision-refused", $"{step}{command.Decision.ToWire()} via {channel} refused: {reason}", subject),
                cancellationToken);
        }

        return new CommandResult(status, reason, message);
    }
}
