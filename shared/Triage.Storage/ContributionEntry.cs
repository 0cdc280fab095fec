namespace Triage.Storage;

/// <summary>A contribution as the ledger holds it, with the fund's balance right after it was recorded
/// (null for entries written before balances were recorded on entries).</summary>
public sealed record ContributionEntry(string FundId, string ContributionId, decimal AmountEur, string Contributor, string? Note, DateTimeOffset At, FundBalanceRow? BalanceAfter);
