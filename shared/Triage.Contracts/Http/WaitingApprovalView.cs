namespace Triage.Contracts;

/// <summary>A request waiting at an approval step since <see cref="Since"/>.</summary>
public sealed record WaitingApprovalView(string Id, string Partner, string Title, string Step, DateTimeOffset Since, DateTimeOffset? Deadline, decimal? EstimateEur);
