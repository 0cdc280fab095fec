using Triage.Domain;

namespace Triage.Contracts;

public sealed record ApprovalView(string Step, ApprovalStatus Status, string? Approver, DateTimeOffset? DecidedAt, DateTimeOffset? Deadline, string? Comment);
