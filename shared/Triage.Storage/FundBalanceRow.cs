namespace Triage.Storage;

/// <summary>A fund's live balance, in whole euros.</summary>
public sealed record FundBalanceRow(string FundId, decimal CapacityEur, decimal ReservedEur, decimal CommittedEur, decimal BaseCapacityEur)
{
    public decimal AvailableEur => CapacityEur - ReservedEur - CommittedEur;
}
