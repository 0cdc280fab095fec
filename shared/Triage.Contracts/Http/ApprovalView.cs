using Triage.Domain;

namespace Triage.Contracts;

/// <summary>One approval step of a request. <paramref name="Since"/> is when the step opened and
/// <paramref name="ReminderAt"/> when it is escalated if still undecided; <paramref name="Escalated"/>
/// and <paramref name="EscalatedAt"/> say it was, <paramref name="EscalatedTo"/> to whom (the deputies,
/// who may decide it from then on; staff only). <paramref name="RemindedAt"/> is when the approvers of a
/// step without deputies were reminded.</summary>
public sealed record ApprovalView(
    string Step,
    ApprovalStatus Status,
    string? Approver,
    DateTimeOffset? DecidedAt,
    DateTimeOffset? Deadline,
    string? Comment,
    DateTimeOffset? Since = null,
    DateTimeOffset? ReminderAt = null,
    bool Escalated = false,
    DateTimeOffset? EscalatedAt = null,
    IReadOnlyList<string>? EscalatedTo = null,
    DateTimeOffset? RemindedAt = null)
{
    /// <summary>True when <paramref name="subject"/> is a deputy this step was escalated to.</summary>
    public bool EscalatedToSubject(string subject) => Escalated && EscalatedTo is { } to && to.Contains(subject, StringComparer.Ordinal);
}
