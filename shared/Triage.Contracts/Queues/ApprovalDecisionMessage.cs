using System.Text.Json;
using System.Text.Json.Serialization;
using Triage.Domain;

namespace Triage.Contracts;

// A queue message, spelled exactly (docs/architecture.md, "Storage"): UTF-8 JSON, not base64 (both hosts
// agree through host.json's messageEncoding "none" and StorageClients' QueueMessageEncoding.None).

/// <summary>
/// <c>approval-decisions</c>: an approver's answer. <c>bearer</c> is the approver's own token (the JWT
/// they would send over HTTP): it says who decides (its <c>sub</c> is the approver on record) and which
/// steps they hold. <c>decisionToken</c>, from the <c>approval-requests</c> message, says which
/// notification is answered. An <c>approver</c> field, as older tools sent it, is not read.
/// </summary>
public sealed record ApprovalDecisionMessage(
    [property: JsonPropertyName("requestId")] string? RequestId,
    [property: JsonPropertyName("step")] string? Step,
    [property: JsonPropertyName("decision")] string? Decision,
    [property: JsonPropertyName("comment")] string? Comment,
    [property: JsonPropertyName("decisionToken")] string? DecisionToken,
    [property: JsonPropertyName("bearer")] string? Bearer,
    [property: JsonPropertyName("correlationId")] string? CorrelationId = null);
