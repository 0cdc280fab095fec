namespace Triage.Storage;

public enum HoldingState
{
    Reserved,
    Committed,
    Released,

    /// <summary>Committed, then given back (<see cref="LedgerKind.Reverse"/>).</summary>
    Reversed,
}
