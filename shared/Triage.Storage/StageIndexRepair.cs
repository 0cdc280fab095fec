namespace Triage.Storage;

/// <summary>What a repair of the stage index did: rows written for requests that had none where they
/// stand, and rows removed that were not their request's place.</summary>
public sealed record StageIndexRepair(int Written, int Removed);
