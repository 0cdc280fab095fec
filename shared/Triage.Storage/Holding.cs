namespace Triage.Storage;

/// <summary>One request's money in one fund, in one reservation round, and where it stands now.</summary>
public sealed record Holding(string FundId, string RequestId, int Round, decimal AmountEur, decimal PlanTotalEur, int PlanFunds, HoldingState State);
