using Microsoft.Azure.Functions.Worker;
using Triage.Application.Funds;
using Triage.Application.Orchestration;
using Triage.Application.Orchestration.Activities;
using Triage.Storage;

namespace Triage.Functions.Workflow;

/// <summary>
/// The activities as Azure Functions: one <c>[Function(nameof(X))]</c> per activity class, each calling
/// that class with the invocation's cancellation token. The activity classes come from the worker's
/// services (<c>AddTriageWorkflow</c>). Written by hand because the Durable source generator is not
/// available here; this is the one place an activity is repeated (the metadata test checks that every
/// activity the self-host registers has its function here).
/// </summary>
public sealed class TriageActivityFunctions(
    RecordProgress recordProgress,
    ScreenRequest screenRequest,
    EstimateCost estimateCost,
    ReserveFunds reserveFunds,
    CommitFunds commitFunds,
    ReleaseFunds releaseFunds,
    NotifyApprovers notifyApprovers,
    CloseStep closeStep,
    ReadDecision readDecision,
    NotifyPartner notifyPartner)
{
    [Function(nameof(RecordProgress))]
    public Task<bool> RecordProgressAsync([ActivityTrigger] RecordProgressInput input, FunctionContext context) =>
        recordProgress.RunAsync(input, context.CancellationToken);

    [Function(nameof(ScreenRequest))]
    public Task<ScreenOutput> ScreenRequestAsync([ActivityTrigger] ScreenInput input, FunctionContext context) =>
        screenRequest.RunAsync(input, context.CancellationToken);

    [Function(nameof(EstimateCost))]
    public Task<EstimateOutput> EstimateCostAsync([ActivityTrigger] EstimateInput input, FunctionContext context) =>
        estimateCost.RunAsync(input, context.CancellationToken);

    [Function(nameof(ReserveFunds))]
    public Task<Reservation> ReserveFundsAsync([ActivityTrigger] ReserveInput input, FunctionContext context) =>
        reserveFunds.RunAsync(input, context.CancellationToken);

    [Function(nameof(CommitFunds))]
    public Task<Settlement> CommitFundsAsync([ActivityTrigger] FundsInput input, FunctionContext context) =>
        commitFunds.RunAsync(input, context.CancellationToken);

    [Function(nameof(ReleaseFunds))]
    public Task<Settlement> ReleaseFundsAsync([ActivityTrigger] FundsInput input, FunctionContext context) =>
        releaseFunds.RunAsync(input, context.CancellationToken);

    [Function(nameof(NotifyApprovers))]
    public Task<bool> NotifyApproversAsync([ActivityTrigger] NotifyApproversInput input, FunctionContext context) =>
        notifyApprovers.RunAsync(input, context.CancellationToken);

    [Function(nameof(CloseStep))]
    public Task<StepDecision> CloseStepAsync([ActivityTrigger] CloseStepInput input, FunctionContext context) =>
        closeStep.RunAsync(input, context.CancellationToken);

    [Function(nameof(ReadDecision))]
    public Task<StepDecision?> ReadDecisionAsync([ActivityTrigger] ReadDecisionInput input, FunctionContext context) =>
        readDecision.RunAsync(input, context.CancellationToken);

    [Function(nameof(NotifyPartner))]
    public Task<bool> NotifyPartnerAsync([ActivityTrigger] NotifyPartnerInput input, FunctionContext context) =>
        notifyPartner.RunAsync(input, context.CancellationToken);
}
