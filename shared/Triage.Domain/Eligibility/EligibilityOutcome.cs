using System.Text.Json.Serialization;

namespace Triage.Domain;

[JsonConverter(typeof(JsonStringEnumConverter<EligibilityOutcome>))]
public enum EligibilityOutcome
{
    Eligible,
    PartiallyEligible,
    NeedsReview,
    Ineligible,
}
