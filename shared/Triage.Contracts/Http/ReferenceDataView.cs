using System.Text.Json;

namespace Triage.Contracts;

/// <summary>The current reference data as stored (each part as in its file), its version and who wrote
/// it. The version is also the answer's <c>ETag</c>, for <c>If-Match</c> on a change.</summary>
public sealed record ReferenceDataView(
    int Version,
    DateTimeOffset? ChangedAt,
    string? ChangedBy,
    string? Change,
    JsonElement Partners,
    JsonElement Funds,
    JsonElement RateCard,
    JsonElement Approvers,
    JsonElement Areas,
    JsonElement Locations,
    JsonElement EligibilityRules,
    JsonElement ApprovalPolicy);
