using Triage.Contracts;

namespace Triage.Storage;

/// <summary>One reservation round of a request: the plan it reserves, fixed when the round was claimed.</summary>
public sealed record ReservationRound(string RequestId, int Round, IReadOnlyList<PlanLineView> Plan, RoundState State, DateTimeOffset ClaimedAt)
{
    public decimal TotalEur => Plan.Sum(p => p.AmountEur);
}
