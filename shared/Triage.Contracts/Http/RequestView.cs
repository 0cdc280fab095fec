using Triage.Domain;

namespace Triage.Contracts;

public sealed record RequestView(
    string Id,
    string Partner,
    string Title,
    Stage Stage,
    Outcome? Outcome,
    EligibilityView? Eligibility,
    EstimateView? Estimate,
    FundingView? Funding,
    IReadOnlyList<ApprovalView> Approvals,
    IReadOnlyList<TimelineEntryView> Timeline,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt);
