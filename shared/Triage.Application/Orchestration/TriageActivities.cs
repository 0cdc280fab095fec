using Azure.Data.Tables;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Triage.Domain;
using Triage.Application.Assessment;
using Triage.Storage;
using Triage.Contracts;
using Triage.Application.UseCases;
using Triage.Application.Funds;
using Triage.Application.Messaging;
using Triage.Application.Telemetry;

namespace Triage.Application.Orchestration;

/// <summary>
/// What the activities do, as plain methods both hosts call: the self-host through the
/// <see cref="TaskActivity{TInput,TOutput}"/> classes below, the Functions app through its
/// <c>[ActivityTrigger]</c> wrappers. Each one is idempotent: run twice, it has the effect of once.
/// </summary>
public sealed class TriageActivities
{
    private readonly RequestStore requests;
    private readonly TimelineStore timeline;
    private readonly DecisionStore decisions;
    private readonly ReservationService reservations;
    private readonly QueueSender queues;
    private readonly StorageClients storage;
    private readonly ReferenceDataProvider reference;
    private readonly RequestAssessor assessor;
    private readonly WaitingRequests waiting;
    private readonly ILogger<TriageActivities> logger;

    public TriageActivities(
        RequestStore requests,
        TimelineStore timeline,
        DecisionStore decisions,
        ReservationService reservations,
        QueueSender queues,
        StorageClients storage,
        ReferenceDataProvider reference,
        RequestAssessor assessor,
        WaitingRequests waiting,
        ILogger<TriageActivities> logger)
    {
        this.requests = requests;
        this.timeline = timeline;
        this.decisions = decisions;
        this.reservations = reservations;
        this.queues = queues;
        this.storage = storage;
        this.reference = reference;
        this.assessor = assessor;
        this.waiting = waiting;
        this.logger = logger;
    }

    public async Task<bool> RecordProgressAsync(RecordProgressInput input, CancellationToken cancellationToken = default)
    {
        using var span = TriageTelemetry.StartStage(input.Update.Lifecycle.Stage.ToString(), input.Update.RequestId, input.CorrelationId);
        await requests.UpdateAsync(input.Update, cancellationToken);
        if (input.Event is not null)
        {
            await timeline.AppendAsync(input.Event, cancellationToken);
        }

        if (input.Update.Lifecycle.Outcome is { } outcome && input.Event?.Kind == "outcome")
        {
            TriageTelemetry.RequestsCompleted.Add(1, new KeyValuePair<string, object?>(TriageTelemetry.Tags.Outcome, outcome.ToString()));
        }

        return true;
    }

    public async Task<ScreenOutput> ScreenAsync(ScreenInput input, CancellationToken cancellationToken = default)
    {
        await ProgressFirstAsync(input.Progress, cancellationToken);
        var result = await assessor.ScreenAsync(input.Partner, AssessmentViews.ToLineItems(input.Items), input.RequestId, cancellationToken);
        return new ScreenOutput(
            AssessmentViews.ToView(result),
            result.EligibleItems,
            result.RequiresPoliticalReview,
            result.Result == EligibilityOutcome.Ineligible);
    }

    public async Task<EstimateOutput> EstimateAsync(EstimateInput input, CancellationToken cancellationToken = default)
    {
        await ProgressFirstAsync(input.Progress, cancellationToken);
        var data = reference.Data;
        var estimate = assessor.Estimate(input.Partner, AssessmentViews.ToLineItems(input.Items), input.EligibleItems);
        var steps = data.Policy.StepsFor(estimate.TotalEur, input.PoliticalReview)
            .Select(s => new StepPlan(s.Step, s.Deadline, s.Reminder))
            .ToList();
        return new EstimateOutput(
            AssessmentViews.ToView(estimate),
            estimate.ToCostedItems(),
            steps,
            data.Policy.FundsWaitLimit);
    }

    public async Task<Reservation> ReserveFundsAsync(ReserveInput input, CancellationToken cancellationToken = default)
    {
        await ProgressFirstAsync(input.Progress, cancellationToken);
        var result = await reservations.ReserveAsync(input.RequestId, input.Partner, input.Items, input.At, cancellationToken);
        if (result.Reserved)
        {
            var plan = string.Join(", ", result.Plan.Select(p => $"€{p.AmountEur:#,0} from {p.FundId}"));
            await timeline.AppendAsync(new TimelineEvent(input.RequestId, input.At, "funds:reserved", "funding", "Reserved " + plan), cancellationToken);
        }

        return result;
    }

    public async Task<Settlement> CommitFundsAsync(FundsInput input, CancellationToken cancellationToken = default)
    {
        await ProgressFirstAsync(input.Progress, cancellationToken);
        return await reservations.CommitAsync(input.RequestId, input.Round, input.At, cancellationToken);
    }

    public async Task<Settlement> ReleaseFundsAsync(FundsInput input, CancellationToken cancellationToken = default)
    {
        await ProgressFirstAsync(input.Progress, cancellationToken);
        var released = await reservations.ReleaseAsync(input.RequestId, input.At, cancellationToken);
        if (released.Entries == 0)
        {
            return released;
        }

        return released with { Waiting = await waiting.FindAsync(released.FundIds, input.RequestId, cancellationToken) };
    }

    /// <summary>Issues a one-time token for the step and tells the approvers. A retried run issues
    /// another token and message; any token decides the step once.</summary>
    public async Task<bool> NotifyApproversAsync(NotifyApproversInput input, CancellationToken cancellationToken = default)
    {
        // The read model says "pending at this step" before anyone is told, so a decision that
        // arrives at once finds the request at its step.
        await ProgressFirstAsync(input.Progress, cancellationToken);
        var token = await decisions.IssueTokenAsync(input.RequestId, input.Step, input.Deadline, cancellationToken);
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
            input.CorrelationId);
        await queues.SendApprovalRequestAsync(message, cancellationToken);
        logger.LogInformation("Approval {Kind} for {RequestId} step {Step} sent", input.Reminder ? "reminder" : "request", input.RequestId, input.Step);
        return true;
    }

    /// <summary>Closes a step for the workflow's own reason (deadline, withdrawal). Insert-only, so when
    /// a person's decision got there first, that decision is returned and holds.</summary>
    public async Task<StepDecision> CloseStepAsync(CloseStepInput input, CancellationToken cancellationToken = default)
    {
        var (_, holding) = await decisions.TryDecideAsync(
            new StepDecision(input.RequestId, input.Step, input.Decision, "system", null, "workflow", input.At),
            cancellationToken);
        return holding;
    }

    public async Task<bool> NotifyPartnerAsync(NotifyPartnerInput input, CancellationToken cancellationToken = default)
    {
        await ProgressFirstAsync(input.Progress, cancellationToken);
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

    private async Task ProgressFirstAsync(RecordProgressInput? progress, CancellationToken cancellationToken)
    {
        if (progress is not null)
        {
            await RecordProgressAsync(progress, cancellationToken);
        }
    }
}

// The activities as the Durable Task worker sees them (self-host). The class names are the activity
// names; the Functions wrappers use the same nameof(...).

public sealed class RecordProgress(TriageActivities activities) : TaskActivity<RecordProgressInput, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, RecordProgressInput input) => activities.RecordProgressAsync(input);
}

public sealed class ScreenRequest(TriageActivities activities) : TaskActivity<ScreenInput, ScreenOutput>
{
    public override Task<ScreenOutput> RunAsync(TaskActivityContext context, ScreenInput input) => activities.ScreenAsync(input);
}

public sealed class EstimateCost(TriageActivities activities) : TaskActivity<EstimateInput, EstimateOutput>
{
    public override Task<EstimateOutput> RunAsync(TaskActivityContext context, EstimateInput input) => activities.EstimateAsync(input);
}

public sealed class ReserveFunds(TriageActivities activities) : TaskActivity<ReserveInput, Reservation>
{
    public override Task<Reservation> RunAsync(TaskActivityContext context, ReserveInput input) => activities.ReserveFundsAsync(input);
}

public sealed class CommitFunds(TriageActivities activities) : TaskActivity<FundsInput, Settlement>
{
    public override Task<Settlement> RunAsync(TaskActivityContext context, FundsInput input) => activities.CommitFundsAsync(input);
}

public sealed class ReleaseFunds(TriageActivities activities) : TaskActivity<FundsInput, Settlement>
{
    public override Task<Settlement> RunAsync(TaskActivityContext context, FundsInput input) => activities.ReleaseFundsAsync(input);
}

public sealed class NotifyApprovers(TriageActivities activities) : TaskActivity<NotifyApproversInput, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, NotifyApproversInput input) => activities.NotifyApproversAsync(input);
}

public sealed class CloseStep(TriageActivities activities) : TaskActivity<CloseStepInput, StepDecision>
{
    public override Task<StepDecision> RunAsync(TaskActivityContext context, CloseStepInput input) => activities.CloseStepAsync(input);
}

public sealed class NotifyPartner(TriageActivities activities) : TaskActivity<NotifyPartnerInput, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, NotifyPartnerInput input) => activities.NotifyPartnerAsync(input);
}
