using System.Text.Json.Serialization;

namespace Triage.Domain;

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
