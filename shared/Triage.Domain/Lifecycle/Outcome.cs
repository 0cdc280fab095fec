using System.Text.Json.Serialization;

namespace Triage.Domain;

/// <summary>How a request ended.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Outcome>))]
public enum Outcome
{
    Approved,
    Rejected,
    Ineligible,
    Unfunded,
    Expired,
    Withdrawn,
    Failed,
}
