using System.Text.Json.Serialization;

namespace Triage.Domain;

/// <summary>Where one approval step of a request stands. Every step the policy chose is listed from
/// the start as <see cref="NotReached"/>; the step being decided is <see cref="Pending"/>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ApprovalStatus>))]
public enum ApprovalStatus
{
    NotReached,
    Pending,
    Approved,
    Rejected,
    Expired,
    Cancelled,
}
