using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.Orchestration.Activities;

/// <summary>Tells the partner the outcome on <c>partner-notifications</c>, after the outcome is recorded.</summary>
public sealed class NotifyPartner(ProgressRecorder progress, QueueSender queues) : TriageActivity<NotifyPartnerInput, bool>
{
    public override async Task<bool> RunAsync(NotifyPartnerInput input, CancellationToken cancellationToken)
    {
        await progress.RecordAsync(input.Progress, cancellationToken);
        await queues.SendPartnerNotificationAsync(
            new PartnerNotificationMessage(
                input.RequestId,
                input.Partner,
                input.Title,
                input.Outcome,
                input.EstimateEur,
                [.. input.Plan.Select(p => new FundingPlanLine(p.FundId, p.AmountEur))],
                input.ShortfallEur,
                [.. input.Reasons.Select(r => r.Code).Distinct()],
                input.At,
                $"/api/requests/{input.RequestId}",
                input.CorrelationId),
            cancellationToken);
        return true;
    }
}
