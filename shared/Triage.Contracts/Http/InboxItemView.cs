namespace Triage.Contracts;

/// <summary>A request waiting at a step, as an approver's inbox shows it: what the staff view of the
/// request shows of it, without its items or history. <paramref name="AsDeputy"/>: the caller does not
/// hold the step but it was escalated to them.</summary>
public sealed record InboxItemView(
    string Id,
    string Partner,
    string Title,
    string Step,
    DateTimeOffset Since,
    DateTimeOffset? ReminderAt,
    DateTimeOffset? Deadline,
    bool Escalated,
    DateTimeOffset? EscalatedAt,
    decimal? EstimateEur,
    bool AsDeputy);
