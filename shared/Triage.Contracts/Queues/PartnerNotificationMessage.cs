using System.Text.Json;
using System.Text.Json.Serialization;
using Triage.Domain;

namespace Triage.Contracts;

// A queue message, spelled exactly (docs/architecture.md, "Storage"): UTF-8 JSON, not base64 (both hosts
// agree through host.json's messageEncoding "none" and StorageClients' QueueMessageEncoding.None).

/// <summary><c>partner-notifications</c>: the request reached its outcome.</summary>
public sealed record PartnerNotificationMessage(
    [property: JsonPropertyName("requestId")] string RequestId,
    [property: JsonPropertyName("partner")] string Partner,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("outcome")] Outcome Outcome,
    [property: JsonPropertyName("estimateEur")] decimal? EstimateEur,
    [property: JsonPropertyName("fundingPlan")] IReadOnlyList<FundingPlanLine> FundingPlan,
    [property: JsonPropertyName("shortfallEur")] decimal ShortfallEur,
    [property: JsonPropertyName("reasons")] IReadOnlyList<string> Reasons,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("correlationId")] string CorrelationId);
