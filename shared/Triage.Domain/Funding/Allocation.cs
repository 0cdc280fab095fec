namespace Triage.Domain;

/// <summary>Part (or all) of one line item paid from one fund (whole euros).</summary>
public sealed record Allocation(int Item, string FundId, decimal AmountEur);
