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
