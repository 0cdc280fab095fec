namespace Triage.Storage;

/// <summary>What a ledger entry does to its fund's balance.</summary>
public enum LedgerKind
{
    Reserve,
    Commit,
    Release,
    Contribution,

    /// <summary>Gives committed money back (a commitment of a request that did not end approved, such as
    /// one whose orchestration was terminated while finalizing); once per committed round.</summary>
    Reverse,
}
