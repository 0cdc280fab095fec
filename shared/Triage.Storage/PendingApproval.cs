namespace Triage.Storage;

/// <summary>An entry of the index of steps waiting for a decision (table <c>PendingApprovals</c>): what
/// the approvers' inbox shows of a request, without reading the <c>Requests</c> table.</summary>
/// <param name="Key">The row key, <c>{since UTC ticks:D19}-{request id}</c>: sortable, the inbox's cursor.</param>
public sealed record PendingApproval(
    string Step,
    string Key,
    string RequestId,
    string Partner,
    string Title,
    DateTimeOffset Since,
    DateTimeOffset? ReminderAt,
    DateTimeOffset? Deadline,
    bool Escalated,
    DateTimeOffset? EscalatedAt,
    IReadOnlyList<string> EscalatedTo,
    decimal? EstimateEur);
