using Microsoft.Extensions.Logging;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.Orchestration.Activities;

/// <summary>Issues a one-time token for the step (of this execution) and tells the approvers on
/// <c>approval-requests</c>. A repeated run issues another token and message; any token decides the
/// step once.</summary>
public sealed class NotifyApprovers(
    ProgressRecorder progress,
    DecisionStore decisions,
    QueueSender queues,
    StorageClients storage,
    ILogger<NotifyApprovers> logger) : TriageActivity<NotifyApproversInput, bool>
{
    public override async Task<bool> RunAsync(NotifyApproversInput input, CancellationToken cancellationToken)
    {
        // The read model says "pending at this step" before anyone is told, so a decision that
        // arrives at once finds the request at its step.
        await progress.RecordAsync(input.Progress, cancellationToken);
        var token = await decisions.IssueTokenAsync(input.RequestId, input.Step, input.Generation, input.Deadline, cancellationToken);
        var message = new ApprovalRequestMessage(
            input.RequestId,
            input.Partner,
            input.Title,
            input.Step,
            input.EstimateEur,
            [.. input.Plan.Select(p => new FundingPlanLine(p.FundId, p.AmountEur))],
            input.Deadline,
            token,
            new AnswerChannels(storage.Names.ApprovalDecisionsQueue, $"/api/requests/{input.RequestId}/decisions/{input.Step}"),
            input.Reminder,
            input.CorrelationId,
            input.EscalatedTo is { Count: > 0 } deputies ? deputies : null);
        await queues.SendApprovalRequestAsync(message, cancellationToken);
        logger.LogInformation("Approval {Kind} for {RequestId} step {Step} sent", message.EscalatedTo is not null ? "escalation" : input.Reminder ? "reminder" : "request", input.RequestId, input.Step);
        return true;
    }
}
