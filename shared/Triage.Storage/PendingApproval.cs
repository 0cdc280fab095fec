namespace Triage.Storage;

/// <summary>An entry of the index of steps waiting for a decision (table <c>PendingApprovals</c>): what
/// the approvers' inbox shows of a request, without reading the <c>Requests</c> table.</summary>
/// <param name="Key">The row key: the request id (rows written by earlier versions: their position).</param>
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
    decimal? EstimateEur)
{
    /// <summary>Where the entry stands in the inbox (<see cref="PendingApprovalStore.Position"/>).</summary>
    public string Position => PendingApprovalStore.Position(Since, RequestId);
}
