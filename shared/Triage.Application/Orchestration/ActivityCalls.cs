using Microsoft.DurableTask;
using Triage.Application.Funds;
using Triage.Application.Orchestration.Activities;
using Triage.Storage;

namespace Triage.Application.Orchestration;

/// <summary>
/// The typed calls of the activities from an orchestration, one per activity, named as the Durable Task
/// source generator would name them (it is not available here). Each activity's name is its class name,
/// through <c>nameof</c>, in this file only; its input and output types are the activity's own.
/// </summary>
public static class ActivityCalls
{
    public static Task<bool> CallRecordProgressAsync(this TaskOrchestrationContext context, RecordProgressInput input, TaskOptions options) =>
        context.CallActivityAsync<bool>(nameof(RecordProgress), input, options);

    public static Task<ScreenOutput> CallScreenRequestAsync(this TaskOrchestrationContext context, ScreenInput input, TaskOptions options) =>
        context.CallActivityAsync<ScreenOutput>(nameof(ScreenRequest), input, options);

    public static Task<EstimateOutput> CallEstimateCostAsync(this TaskOrchestrationContext context, EstimateInput input, TaskOptions options) =>
        context.CallActivityAsync<EstimateOutput>(nameof(EstimateCost), input, options);

    public static Task<Reservation> CallReserveFundsAsync(this TaskOrchestrationContext context, ReserveInput input, TaskOptions options) =>
        context.CallActivityAsync<Reservation>(nameof(ReserveFunds), input, options);

    public static Task<Settlement> CallCommitFundsAsync(this TaskOrchestrationContext context, FundsInput input, TaskOptions options) =>
        context.CallActivityAsync<Settlement>(nameof(CommitFunds), input, options);

    public static Task<Settlement> CallReleaseFundsAsync(this TaskOrchestrationContext context, FundsInput input, TaskOptions options) =>
        context.CallActivityAsync<Settlement>(nameof(ReleaseFunds), input, options);

    public static Task<bool> CallNotifyApproversAsync(this TaskOrchestrationContext context, NotifyApproversInput input, TaskOptions options) =>
        context.CallActivityAsync<bool>(nameof(NotifyApprovers), input, options);

    public static Task<StepDecision> CallCloseStepAsync(this TaskOrchestrationContext context, CloseStepInput input, TaskOptions options) =>
        context.CallActivityAsync<StepDecision>(nameof(CloseStep), input, options);

    public static Task<StepDecision?> CallReadDecisionAsync(this TaskOrchestrationContext context, ReadDecisionInput input, TaskOptions options) =>
        context.CallActivityAsync<StepDecision?>(nameof(ReadDecision), input, options);

    public static Task<bool> CallNotifyPartnerAsync(this TaskOrchestrationContext context, NotifyPartnerInput input, TaskOptions options) =>
        context.CallActivityAsync<bool>(nameof(NotifyPartner), input, options);
}
