using System.Text.Json.Serialization;

namespace Triage.Domain;

/// <summary>
/// The state of one request, guarding its own transitions (as eShop's <c>Order</c> does): an illegal
/// move throws <see cref="InvalidOperationException"/> naming from and to.
/// <code>
/// Received → Screening → Costing → Funding → AwaitingApproval → Finalizing → Completed
///                                    Funding ⇄ AwaitingFunds (re-plan when funds change)
/// any open stage → Finalizing (to release funds and notify), any open stage → Completed
/// </code>
/// Outcomes depend on the last working stage (the stage before <see cref="Stage.Finalizing"/>, if any):
/// Approved only after AwaitingApproval; Rejected and Expired only from AwaitingApproval; Ineligible
/// only from Screening; Unfunded only from Funding or AwaitingFunds; Withdrawn and Failed from anywhere open.
/// <see cref="MoveTo"/> refuses a move to the stage the request is at; <see cref="AwaitFunds"/> and
/// <see cref="StartFinalizing"/> accept it as a no-op, because a workflow may reach those two moves again
/// (another round of waiting for funds, a second path into finalizing) and should not have to check first.
/// </summary>
public sealed class RequestLifecycle
{
    private static readonly Dictionary<Stage, Stage[]> Moves = new()
    {
        [Stage.Received] = [Stage.Screening, Stage.Finalizing],
        [Stage.Screening] = [Stage.Costing, Stage.Finalizing],
        [Stage.Costing] = [Stage.Funding, Stage.Finalizing],
        [Stage.Funding] = [Stage.AwaitingApproval, Stage.AwaitingFunds, Stage.Finalizing],
        [Stage.AwaitingFunds] = [Stage.Funding, Stage.Finalizing],
        [Stage.AwaitingApproval] = [Stage.Finalizing],
        [Stage.Finalizing] = [],
        [Stage.Completed] = [],
    };

    /// <summary>A new request, just received.</summary>
    public RequestLifecycle()
        : this(Stage.Received, null, Stage.Received)
    {
    }

    /// <summary>Restores a lifecycle read back from storage or JSON; refuses combinations that cannot occur.</summary>
    [JsonConstructor]
    public RequestLifecycle(Stage stage, Outcome? outcome, Stage lastWorkingStage)
    {
        if ((stage == Stage.Completed) != outcome.HasValue)
        {
            throw new ArgumentException($"A request has an outcome exactly when it is {Stage.Completed} (stage {stage}, outcome {outcome?.ToString() ?? "none"}).", nameof(outcome));
        }

        if (lastWorkingStage is Stage.Finalizing or Stage.Completed)
        {
            throw new ArgumentException($"{lastWorkingStage} is not a working stage.", nameof(lastWorkingStage));
        }

        if (stage is not (Stage.Finalizing or Stage.Completed) && stage != lastWorkingStage)
        {
            throw new ArgumentException($"At stage {stage} the last working stage is the stage itself, not {lastWorkingStage}.", nameof(lastWorkingStage));
        }

        if (outcome is { } o && !OutcomeAllowedAfter(lastWorkingStage, o))
        {
            throw new ArgumentException($"Outcome {o} cannot follow {lastWorkingStage}.", nameof(outcome));
        }

        Stage = stage;
        Outcome = outcome;
        LastWorkingStage = lastWorkingStage;
    }

    public Stage Stage { get; private set; }

    public Outcome? Outcome { get; private set; }

    /// <summary>The stage the request was working in before it started finalizing (the stage itself while open).</summary>
    public Stage LastWorkingStage { get; private set; }

    [JsonIgnore]
    public bool IsCompleted => Stage == Stage.Completed;

    public void StartScreening() => MoveTo(Stage.Screening);

    public void StartCosting() => MoveTo(Stage.Costing);

    public void StartFunding() => MoveTo(Stage.Funding);

    /// <summary>Waits for funds; safe to repeat: already waiting, nothing changes.</summary>
    public void AwaitFunds()
    {
        if (Stage != Stage.AwaitingFunds)
        {
            MoveTo(Stage.AwaitingFunds);
        }
    }

    public void AwaitApproval() => MoveTo(Stage.AwaitingApproval);

    /// <summary>Starts finalizing; safe to repeat: already finalizing, nothing changes (the last working
    /// stage stays the one before finalizing).</summary>
    public void StartFinalizing()
    {
        if (Stage != Stage.Finalizing)
        {
            MoveTo(Stage.Finalizing);
        }
    }

    /// <summary>True when <see cref="MoveTo"/> would accept <paramref name="next"/>.</summary>
    public bool CanMoveTo(Stage next) => next != Stage.Completed && Moves[Stage].Contains(next);

    /// <summary>Moves to an open stage or to <see cref="Stage.Finalizing"/>; use <see cref="Complete"/> to end.</summary>
    public void MoveTo(Stage next)
    {
        if (!CanMoveTo(next))
        {
            throw new InvalidOperationException($"A request cannot move from {Stage} to {next}.");
        }

        Stage = next;
        if (next != Stage.Finalizing)
        {
            LastWorkingStage = next;
        }
    }

    /// <summary>True when <see cref="Complete"/> would accept <paramref name="outcome"/> now.</summary>
    public bool CanComplete(Outcome outcome) => Stage != Stage.Completed && OutcomeAllowedAfter(LastWorkingStage, outcome);

    /// <summary>Ends the request with <paramref name="outcome"/>.</summary>
    public void Complete(Outcome outcome)
    {
        if (!CanComplete(outcome))
        {
            var from = Stage == Stage.Finalizing ? $"{Stage} (after {LastWorkingStage})" : Stage.ToString();
            throw new InvalidOperationException($"A request cannot move from {from} to {Stage.Completed} with outcome {outcome}.");
        }

        Stage = Stage.Completed;
        Outcome = outcome;
    }

    /// <summary>A copy that moves on its own (a snapshot to store while this one goes on).</summary>
    public RequestLifecycle Copy() => new(Stage, Outcome, LastWorkingStage);

    /// <summary>The last working stage implied by a stage and outcome, for records stored without it:
    /// the stage itself while open, else the stage each outcome can only follow.</summary>
    public static Stage LastWorkingStageOf(Stage stage, Outcome? outcome) =>
        stage is not (Stage.Finalizing or Stage.Completed) ? stage : outcome switch
        {
            Domain.Outcome.Approved or Domain.Outcome.Rejected or Domain.Outcome.Expired => Stage.AwaitingApproval,
            Domain.Outcome.Ineligible => Stage.Screening,
            Domain.Outcome.Unfunded => Stage.Funding,
            _ => Stage.Received,
        };

    public override string ToString() => Outcome is { } o ? $"{Stage} ({o})" : Stage.ToString();

    private static bool OutcomeAllowedAfter(Stage lastWorking, Outcome outcome) =>
        outcome switch
        {
            Domain.Outcome.Approved or Domain.Outcome.Rejected or Domain.Outcome.Expired => lastWorking == Stage.AwaitingApproval,
            Domain.Outcome.Ineligible => lastWorking == Stage.Screening,
            Domain.Outcome.Unfunded => lastWorking is Stage.Funding or Stage.AwaitingFunds,
            Domain.Outcome.Withdrawn or Domain.Outcome.Failed => true,
            _ => false,
        };
}
