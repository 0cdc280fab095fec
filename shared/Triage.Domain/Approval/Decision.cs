using System.Text.Json.Serialization;

namespace Triage.Domain;

/// <summary>What closed an approval step: a person's <see cref="Approve"/> or <see cref="Reject"/>, or
/// the workflow's own <see cref="Expired"/> (deadline) or <see cref="Cancelled"/> (withdrawal, failure).
/// Spelled in lower case on the wire and in storage (<c>"approve"</c>), as approvers type it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Decision>))]
public enum Decision
{
    [JsonStringEnumMemberName("approve")]
    Approve,

    [JsonStringEnumMemberName("reject")]
    Reject,

    [JsonStringEnumMemberName("expired")]
    Expired,

    [JsonStringEnumMemberName("cancelled")]
    Cancelled,
}
