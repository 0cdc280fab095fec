using System.Text.Json.Serialization;
using Triage.Domain;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.Orchestration;

// The inputs and outputs of the orchestration and its activities. They are serialized into the
// orchestration history, so they carry ids, amounts and views, never secrets (decision tokens stay
// inside the NotifyApprovers activity and the approval-requests queue).

/// <summary>
/// The orchestration's input (instance id = request id). <paramref name="Generation"/> counts the
/// executions of the instance: 0 for the first, one more for each admin restart, which starts the
/// instance again with this input and the next generation; the decisions and tokens of a step are kept
/// per generation, so a restarted execution is decided afresh (docs/decisions/0012).
/// <paramref name="Revision"/> is the revision of the orchestration code the execution started under
/// (<see cref="CurrentRevision"/> for every new start), so a change in the order of activity calls
/// keeps the old order for executions that started before it and replay it.
/// </summary>
public sealed record TriageInput(
    string RequestId,
    string Partner,
    string Title,
    IReadOnlyList<LineItemInput> Items,
    string CorrelationId,
    DateTimeOffset SubmittedAt,
    ActivityRetry? Retry = null,
    int Generation = 0,
    int Revision = 0)
{
    /// <summary>The revision new executions start under. 0: a decision event was applied as it came;
    /// 1: a decision event is applied only once <c>ReadDecision</c> found the same decision in the table.</summary>
    public const int CurrentRevision = 1;
}

/// <summary>The bounded retry of every activity, fixed at submit (from <c>Workflow:*</c> settings) so
/// replays see the same policy.</summary>
public sealed record ActivityRetry(int MaxAttempts, TimeSpan FirstRetry);

public sealed record TriageResult(string RequestId, Outcome Outcome);

/// <summary>The orchestration's custom status: <c>{"stage","pendingStep"}</c>.</summary>
public sealed record TriageStatus(
    [property: JsonPropertyName("stage")] Stage Stage,
    [property: JsonPropertyName("pendingStep")] string? PendingStep);

/// <summary>External events raised on the orchestration.</summary>
public static class TriageEvents
{
    public const string Withdraw = "Withdraw";
    public const string FundsChanged = "FundsChanged";

    /// <summary>One event name per step, so a late decision for one step never answers another.</summary>
    public static string Decision(string step) => "Decision:" + step;
}

public sealed record WithdrawEvent(string By, DateTimeOffset At);

public sealed record FundsChangedEvent(string FundId, DateTimeOffset At);

/// <summary>A read-model write plus the timeline entry that explains it. Written by the
/// <c>RecordProgress</c> activity, or first thing by the activity that does the stage's work (one
/// activity call fewer per stage: fewer orchestration episodes and storage round trips).</summary>
public sealed record RecordProgressInput(RequestUpdate Update, TimelineEvent? Event, string CorrelationId);

public sealed record ScreenInput(string RequestId, string Partner, IReadOnlyList<LineItemInput> Items, RecordProgressInput? Progress = null);

public sealed record ScreenOutput(EligibilityView View, IReadOnlyList<int> EligibleItems, bool PoliticalReview, bool Ineligible);

public sealed record EstimateInput(string RequestId, string Partner, IReadOnlyList<LineItemInput> Items, IReadOnlyList<int> EligibleItems, bool PoliticalReview, RecordProgressInput? Progress = null);

/// <summary>One approval step the policy chose, with its timings from the moment it starts.</summary>
public sealed record StepPlan(string Step, TimeSpan Deadline, TimeSpan Reminder);

public sealed record EstimateOutput(EstimateView View, IReadOnlyList<CostedItem> Items, IReadOnlyList<StepPlan> Steps, TimeSpan FundsWaitLimit);

public sealed record ReserveInput(string RequestId, string Partner, IReadOnlyList<CostedItem> Items, DateTimeOffset At, string CorrelationId, RecordProgressInput? Progress = null);

/// <summary>Settle the request's reservations. For a commit, <paramref name="Round"/> names the round to
/// commit and <paramref name="Plan"/> the plan the approvers were shown, which the round must hold
/// exactly; anything else still reserved (a stray duplicate run's) is released. For a release,
/// <paramref name="ReverseCommitments"/> also gives back money already committed (a commit refused
/// half-way).</summary>
public sealed record FundsInput(
    string RequestId,
    DateTimeOffset At,
    string CorrelationId,
    RecordProgressInput? Progress = null,
    int? Round = null,
    IReadOnlyList<PlanLineView>? Plan = null,
    bool ReverseCommitments = false);

public sealed record NotifyApproversInput(
    string RequestId,
    string Partner,
    string Title,
    string Step,
    decimal EstimateEur,
    IReadOnlyList<PlanLineView> Plan,
    DateTimeOffset Deadline,
    bool Reminder,
    string CorrelationId,
    RecordProgressInput? Progress = null,
    int Generation = 0);

public sealed record CloseStepInput(string RequestId, string Step, Decision Decision, DateTimeOffset At, int Generation = 0);

/// <summary>Which decision to read back: a step of one execution (<see cref="TriageInput.Generation"/>).</summary>
public sealed record ReadDecisionInput(string RequestId, string Step, int Generation);

public sealed record NotifyPartnerInput(
    string RequestId,
    string Partner,
    string Title,
    Outcome Outcome,
    decimal? EstimateEur,
    IReadOnlyList<PlanLineView> Plan,
    decimal ShortfallEur,
    IReadOnlyList<ReasonView> Reasons,
    DateTimeOffset At,
    string CorrelationId,
    RecordProgressInput? Progress = null);
