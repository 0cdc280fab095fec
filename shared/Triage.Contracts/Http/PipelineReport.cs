namespace Triage.Contracts;

/// <summary>Where the requests stand: how many at each stage and with each outcome, the approvals
/// waiting longest and the requests waiting longest for funds (ten of each), as of <see cref="AsOf"/>.</summary>
public sealed record PipelineReport(
    IReadOnlyDictionary<string, int> Stages,
    IReadOnlyDictionary<string, int> Outcomes,
    IReadOnlyList<WaitingApprovalView> OldestWaitingApprovals,
    IReadOnlyList<WaitingForFundsView> WaitingForFunds,
    DateTimeOffset AsOf);
