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

/// <summary>The wire spelling of <see cref="Decision"/>, for table columns and messages.</summary>
public static class DecisionWords
{
    public static string ToWire(this Decision decision) => decision switch
    {
        Decision.Approve => "approve",
        Decision.Reject => "reject",
        Decision.Expired => "expired",
        _ => "cancelled",
    };

    /// <summary>Parses the wire spelling (any case, surrounding spaces ignored); null when it is none.</summary>
    public static Decision? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "approve" => Decision.Approve,
        "reject" => Decision.Reject,
        "expired" => Decision.Expired,
        "cancelled" => Decision.Cancelled,
        _ => null,
    };

    /// <summary>The status a step takes when this decision closes it.</summary>
    public static ApprovalStatus ToStatus(this Decision decision) => decision switch
    {
        Decision.Approve => ApprovalStatus.Approved,
        Decision.Reject => ApprovalStatus.Rejected,
        Decision.Expired => ApprovalStatus.Expired,
        _ => ApprovalStatus.Cancelled,
    };
}
