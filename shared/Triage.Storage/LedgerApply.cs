namespace Triage.Storage;

public enum LedgerApply
{
    /// <summary>The entry was written and the balance changed, in one transaction.</summary>
    Applied,

    /// <summary>The entry existed already: a replay, nothing changed.</summary>
    AlreadyApplied,

    /// <summary>The fund cannot take it (not enough available, or no such fund); nothing changed.</summary>
    Refused,
}
