using System.Text.Json.Serialization;

namespace Triage.Domain;

/// <summary>The reason codes of the eligibility rules (upper snake case on the wire).</summary>
public static class ReasonCodes
{
    public const string UnknownPartner = "UNKNOWN_PARTNER";
    public const string CooperationSuspended = "COOPERATION_SUSPENDED";
    public const string AreaNotOffered = "AREA_NOT_OFFERED";
    public const string AreaNotOpenToPartner = "AREA_NOT_OPEN_TO_PARTNER";
    public const string DuplicateActive = "DUPLICATE_ACTIVE";
    public const string PoliticalReviewRequired = "POLITICAL_REVIEW_REQUIRED";

    /// <summary>The request has no line items at all (validation normally catches this first).</summary>
    public const string NoItems = "NO_ITEMS";

    /// <summary>Rules that judge the whole request.</summary>
    public static readonly IReadOnlyList<string> RequestScoped = [UnknownPartner, CooperationSuspended, PoliticalReviewRequired];

    /// <summary>Rules that judge one line item.</summary>
    public static readonly IReadOnlyList<string> ItemScoped = [AreaNotOffered, AreaNotOpenToPartner, DuplicateActive];
}

[JsonConverter(typeof(JsonStringEnumConverter<EligibilityOutcome>))]
public enum EligibilityOutcome
{
    Eligible,
    PartiallyEligible,
    NeedsReview,
    Ineligible,
}

/// <summary>What a rule does when it fires.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RuleEffect>))]
public enum RuleEffect
{
    /// <summary>The whole request is ineligible; later rules are not evaluated.</summary>
    Ineligible,

    /// <summary>The line item is dropped; later item rules are not evaluated for it.</summary>
    ExcludeItem,

    /// <summary>A person must look at the request before it proceeds.</summary>
    NeedsReview,

    /// <summary>The request gets a political-review approval step first.</summary>
    PoliticalReview,
}

/// <summary>One eligibility rule (data, <c>eligibility-rules.json</c>). The condition belongs to the
/// code; order, effect and message are data. Message placeholders: {partner}, {partnerName}, {area},
/// {item}.</summary>
public sealed record EligibilityRule(string Code, RuleEffect Effect, string Message);

/// <summary>Why a rule fired. <paramref name="Item"/> is the 0-based line item, or null for the request.</summary>
public sealed record Reason(string Code, int? Item, string Message);

/// <summary>The screening result: the outcome, every reason, the 0-based indices of the line items
/// that may proceed to costing, and whether a political review step is needed.</summary>
public sealed record EligibilityResult(
    EligibilityOutcome Result,
    IReadOnlyList<Reason> Reasons,
    IReadOnlyList<int> EligibleItems,
    bool RequiresPoliticalReview);
