using System.Text.Json.Serialization;

namespace Triage.Domain;

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
