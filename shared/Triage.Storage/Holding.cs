namespace Triage.Storage;

/// <summary>One request's money in one fund, in one reservation round, and where it stands now.
/// <see cref="Settlement"/> names the settlement that released or reversed it, when one was named
/// (the reconciler names its own, so it can say what it gave back whichever copy wrote the entry).</summary>
public sealed record Holding(string FundId, string RequestId, int Round, decimal AmountEur, decimal PlanTotalEur, int PlanFunds, HoldingState State)
{
    public string? Settlement { get; init; }
}
