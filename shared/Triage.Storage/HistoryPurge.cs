namespace Triage.Storage;

/// <summary>A finished request whose orchestration the engine still keeps (table <c>HistoryPurges</c>):
/// its history may be purged once the retention period after <see cref="FinishedAt"/> has passed.</summary>
public sealed record HistoryPurge(string RequestId, DateTimeOffset FinishedAt);
