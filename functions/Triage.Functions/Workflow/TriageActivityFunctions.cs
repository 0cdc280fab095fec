using Microsoft.Azure.Functions.Worker;
using Triage.Application.Funds;
using Triage.Application.Orchestration;
using Triage.Storage;

namespace Triage.Functions.Workflow;

/// <summary>The activities as Azure Functions, each one line calling the shared
/// <see cref="TriageActivities"/>; names are the self-host's activity class names.</summary>
public sealed class TriageActivityFunctions
{
    private readonly TriageActivities activities;

    public TriageActivityFunctions(TriageActivities activities)
    {
        this.activities = activities;
    }

    [Function(nameof(RecordProgress))]
    public Task<bool> RecordProgressAsync([ActivityTrigger] RecordProgressInput input, FunctionContext context) =>
        activities.RecordProgressAsync(input, context.CancellationToken);

    [Function(nameof(ScreenRequest))]
    public Task<ScreenOutput> ScreenRequestAsync([ActivityTrigger] ScreenInput input, FunctionContext context) =>
        activities.ScreenAsync(input, context.CancellationToken);

    [Function(nameof(EstimateCost))]
    public Task<EstimateOutput> EstimateCostAsync([ActivityTrigger] EstimateInput input, FunctionContext context) =>
        activities.EstimateAsync(input, context.CancellationToken);

    [Function(nameof(ReserveFunds))]
    public Task<Reservation> ReserveFundsAsync([ActivityTrigger] ReserveInput input, FunctionContext context) =>
        activities.ReserveFundsAsync(input, context.CancellationToken);

    [Function(nameof(CommitFunds))]
    public Task<Settlement> CommitFundsAsync([ActivityTrigger] FundsInput input, FunctionContext context) =>
        activities.CommitFundsAsync(input, context.CancellationToken);

    [Function(nameof(ReleaseFunds))]
    public Task<Settlement> ReleaseFundsAsync([ActivityTrigger] FundsInput input, FunctionContext context) =>
        activities.ReleaseFundsAsync(input, context.CancellationToken);

    [Function(nameof(NotifyApprovers))]
    public Task<bool> NotifyApproversAsync([ActivityTrigger] NotifyApproversInput input, FunctionContext context) =>
        activities.NotifyApproversAsync(input, context.CancellationToken);

    [Function(nameof(CloseStep))]
    public Task<StepDecision> CloseStepAsync([ActivityTrigger] CloseStepInput input, FunctionContext context) =>
        activities.CloseStepAsync(input, context.CancellationToken);

    [Function(nameof(NotifyPartner))]
    public Task<bool> NotifyPartnerAsync([ActivityTrigger] NotifyPartnerInput input, FunctionContext context) =>
        activities.NotifyPartnerAsync(input, context.CancellationToken);
}
