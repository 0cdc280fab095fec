namespace Triage.Storage;

public enum LedgerApply
{
    /// <summary>The entry was written and the balance changed, in one transaction.</summary>
    Applied,

    /// <summary>The entry existed already with the same content: a replay, nothing changed.</summary>
    AlreadyApplied,

    /// <summary>The fund cannot take it (not enough available, or no such fund); nothing changed.</summary>
    Refused,

    /// <summary>An entry with this key exists with other content (another amount, plan or kind): not a
    /// replay of this change, and nothing changed.</summary>
    Conflict,
}
