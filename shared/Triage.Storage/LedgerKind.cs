namespace Triage.Storage;

/// <summary>What a ledger entry does to its fund's balance.</summary>
public enum LedgerKind
{
    Reserve,
    Commit,
    Release,
    Contribution,
}
