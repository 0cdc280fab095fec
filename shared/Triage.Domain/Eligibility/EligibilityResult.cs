using System.Text.Json.Serialization;

namespace Triage.Domain;

/// <summary>The screening result: the outcome, every reason, the 0-based indices of the line items
/// that may proceed to costing, and whether a political review step is needed.</summary>
public sealed record EligibilityResult(
    EligibilityOutcome Result,
    IReadOnlyList<Reason> Reasons,
    IReadOnlyList<int> EligibleItems,
    bool RequiresPoliticalReview);
