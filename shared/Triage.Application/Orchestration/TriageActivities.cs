using Azure.Data.Tables;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Triage.Domain;
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
    private readonly ILogger<TriageActivities> logger;

    public TriageActivities(
        RequestStore requests,
        TimelineStore timeline,
        DecisionStore decisions,
        ReservationService reservations,
        QueueSender queues,
        StorageClients storage,
        ReferenceDataProvider reference,
        ILogger<TriageActivities> logger)
    {
        this.requests = requests;
        this.timeline = timeline;
        this.decisions = decisions;
        this.reservations = reservations;
        this.queues = queues;
        this.storage = storage;
        this.reference = reference;
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
        // Open requests of the same partner, for DUPLICATE_ACTIVE: every other row of the partner's
        // partition without an outcome.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {input.Partner} and Outcome eq '' and RowKey ne {input.RequestId}");
        var activeAreas = await requests.AreasAsync(filter, cancellationToken);
        var result = Eligibility.Screen(reference.Data, input.Partner, ToLineItems(input.Items), activeAreas);
        return new ScreenOutput(
            ToView(result),
            result.EligibleItems,
            result.RequiresPoliticalReview,
            result.Result == EligibilityOutcome.Ineligible);
    }

    public async Task<EstimateOutput> EstimateAsync(EstimateInput input, CancellationToken cancellationToken = default)
    {
        await ProgressFirstAsync(input.Progress, cancellationToken);
        var data = reference.Data;
        var estimate = CostEstimator.Estimate(data, input.Partner, ToLineItems(input.Items), input.EligibleItems);
        var steps = data.Policy.StepsFor(estimate.TotalEur, input.PoliticalReview)
            .Select(s => new StepPlan(s.Step, s.Deadline, s.Reminder))
            .ToList();
        return new EstimateOutput(
            ToView(estimate),
            [.. estimate.Items.Select(i => new CostedItemDto(i.Item, i.Area, i.TotalEur))],
            steps,
            data.Policy.FundsWaitLimit);
    }

    public async Task<ReserveOutput> ReserveFundsAsync(ReserveInput input, CancellationToken cancellationToken = default)
    {
        await ProgressFirstAsync(input.Progress, cancellationToken);
        var result = await reservations.ReserveAsync(input, cancellationToken);
        if (result.Reserved)
        {
            var plan = string.Join(", ", result.Plan.Select(p => $"€{p.AmountEur:#,0} from {p.FundId}"));
            await timeline.AppendAsync(new TimelineEvent(input.RequestId, input.At, "funds:reserved", "funding", "Reserved " + plan), cancellationToken);
        }

        return result;
    }

    public async Task<FundsOutput> CommitFundsAsync(FundsInput input, CancellationToken cancellationToken = default)
    {
        await ProgressFirstAsync(input.Progress, cancellationToken);
        return await reservations.CommitAsync(input, cancellationToken);
    }

    public async Task<FundsOutput> ReleaseFundsAsync(FundsInput input, CancellationToken cancellationToken = default)
    {
        await ProgressFirstAsync(input.Progress, cancellationToken);
        var released = await reservations.ReleaseAsync(input, cancellationToken);
        if (released.Entries == 0)
        {
            return released;
        }

        return released with { Waiting = await requests.WaitingForFundsAsync(reference.Data, released.FundIds, input.RequestId, cancellationToken) };
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
    public async Task<StepDecisionDto> CloseStepAsync(CloseStepInput input, CancellationToken cancellationToken = default)
    {
        var (_, holding) = await decisions.TryDecideAsync(
            new StepDecision(input.RequestId, input.Step, input.Decision, "system", null, "workflow", input.At),
            cancellationToken);
        return new StepDecisionDto(holding.Step, holding.Decision, holding.Approver, holding.Comment, holding.At);
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

    public static IReadOnlyList<LineItem> ToLineItems(IReadOnlyList<LineItemInput> items) =>
        [.. items.Select(i => new LineItem(i.Area, i.Participants, i.Weeks, i.Location))];

    public static EligibilityView ToView(EligibilityResult result) =>
        new(result.Result.ToString(), [.. result.Reasons.Select(r => new ReasonView(r.Code, r.Item, r.Message))]);

    public static EstimateView ToView(Estimate estimate) =>
        new(estimate.TotalEur, estimate.LowEur, estimate.HighEur, [.. estimate.Items.Select(i => new ItemEstimateView(
            i.Item, i.Area, i.Participants, i.Weeks, i.Location, i.SetupEur, i.ParticipantWeeksEur, i.TeamWeeksEur,
            i.LocationFactor, i.RiskPremium, i.Contingency, i.TotalEur))]);
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

public sealed class ReserveFunds(TriageActivities activities) : TaskActivity<ReserveInput, ReserveOutput>
{
    public override Task<ReserveOutput> RunAsync(TaskActivityContext context, ReserveInput input) => activities.ReserveFundsAsync(input);
}

public sealed class CommitFunds(TriageActivities activities) : TaskActivity<FundsInput, FundsOutput>
{
    public override Task<FundsOutput> RunAsync(TaskActivityContext context, FundsInput input) => activities.CommitFundsAsync(input);
}

public sealed class ReleaseFunds(TriageActivities activities) : TaskActivity<FundsInput, FundsOutput>
{
    public override Task<FundsOutput> RunAsync(TaskActivityContext context, FundsInput input) => activities.ReleaseFundsAsync(input);
}

public sealed class NotifyApprovers(TriageActivities activities) : TaskActivity<NotifyApproversInput, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, NotifyApproversInput input) => activities.NotifyApproversAsync(input);
}

public sealed class CloseStep(TriageActivities activities) : TaskActivity<CloseStepInput, StepDecisionDto>
{
    public override Task<StepDecisionDto> RunAsync(TaskActivityContext context, CloseStepInput input) => activities.CloseStepAsync(input);
}

public sealed class NotifyPartner(TriageActivities activities) : TaskActivity<NotifyPartnerInput, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, NotifyPartnerInput input) => activities.NotifyPartnerAsync(input);
}
