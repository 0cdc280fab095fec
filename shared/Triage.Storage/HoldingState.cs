namespace Triage.Storage;

public enum HoldingState
{
    Reserved,
    Committed,
    Released,
}
