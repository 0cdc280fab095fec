namespace Triage.Contracts;

/// <summary>A request waiting for funds since <see cref="Since"/>.</summary>
public sealed record WaitingForFundsView(string Id, string Partner, string Title, DateTimeOffset Since, decimal? EstimateEur);
