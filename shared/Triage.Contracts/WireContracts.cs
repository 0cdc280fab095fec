using Triage.Domain;

namespace Triage.Contracts;

// The JSON shapes of the HTTP API (README, "API"), one spelling everywhere. Amounts are whole euros; dates are UTC.
// These are the only types that cross the HTTP boundary; the API layer validates into them and the
// use cases (Triage.Application.UseCases) answer with them.

public sealed record LineItemInput(string Area, int Participants, int Weeks, string Location);

public sealed record ContactInput(string Name, string Email);

public sealed record SubmitRequestInput(
    string? Partner,
    string Title,
    string Summary,
    IReadOnlyList<LineItemInput> Items,
    DateOnly RequestedStart,
    ContactInput Contact);

public sealed record SubmitAccepted(string Id, Stage Stage, string StatusUrl);

public sealed record ReasonView(string Code, int? Item, string Message);

public sealed record EligibilityView(string Result, IReadOnlyList<ReasonView> Reasons);

/// <summary>One line item's cost, with the parts a person can check by hand.</summary>
public sealed record ItemEstimateView(
    int Item,
    string Area,
    int Participants,
    int Weeks,
    string Location,
    decimal SetupEur,
    decimal ParticipantWeeksEur,
    decimal TeamWeeksEur,
    decimal LocationFactor,
    decimal RiskPremium,
    decimal Contingency,
    decimal TotalEur);

public sealed record EstimateView(decimal TotalEur, decimal LowEur, decimal HighEur, IReadOnlyList<ItemEstimateView> Items);

public sealed record PlanLineView(string FundId, decimal AmountEur);

public sealed record FundingView(IReadOnlyList<PlanLineView> Plan, decimal ShortfallEur);

public sealed record ApprovalView(string Step, ApprovalStatus Status, string? Approver, DateTimeOffset? DecidedAt, DateTimeOffset? Deadline, string? Comment);

public sealed record TimelineEntryView(DateTimeOffset At, string Kind, string Detail);

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

public sealed record RequestSummaryView(
    string Id,
    string Partner,
    string Title,
    Stage Stage,
    Outcome? Outcome,
    decimal? EstimateEur,
    decimal? ShortfallEur,
    string? PendingStep,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt);

public sealed record RequestPage(IReadOnlyList<RequestSummaryView> Items, string? Continuation);

/// <summary>Filters of GET /api/requests. Partner is forced to the caller's own for partners. The API
/// refuses a page size outside 1-<see cref="MaxPageSize"/>; the store takes the one it is given.</summary>
public sealed record RequestQuery(
    Stage? Stage = null,
    Outcome? Outcome = null,
    string? Partner = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Continuation = null,
    int PageSize = RequestQuery.DefaultPageSize)
{
    public const int DefaultPageSize = 50;

    public const int MaxPageSize = 200;
}

public sealed record QuoteView(EligibilityView Eligibility, EstimateView? Estimate, FundingView Funding, bool FundableNow);

public sealed record DecisionInput(string Decision, string? Comment);

public sealed record FundView(
    string Id,
    string Name,
    IReadOnlyList<string> LeadNations,
    decimal CapacityEur,
    decimal ReservedEur,
    decimal CommittedEur,
    decimal AvailableEur);

public sealed record ContributionInput(decimal AmountEur, string Contributor, string? Note);

public sealed record DemandRow(string Area, string Partner, decimal RequestedEur, decimal FundedEur, decimal ShortfallEur);

public sealed record DemandReport(IReadOnlyList<DemandRow> Rows, decimal RequestedEur, decimal FundedEur, decimal ShortfallEur);
