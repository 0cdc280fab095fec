using Triage.Domain;

namespace Triage.Contracts;

/// <summary>A request as the API shows it. <paramref name="ReferenceDataVersion"/> is the version of the
/// reference data it was screened with, which it keeps to its end (null before screening).</summary>
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
    DateTimeOffset UpdatedAt,
    int? ReferenceDataVersion = null);
