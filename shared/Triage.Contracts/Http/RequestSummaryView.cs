using Triage.Domain;

namespace Triage.Contracts;

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
