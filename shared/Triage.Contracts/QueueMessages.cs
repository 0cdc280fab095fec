using System.Text.Json;
using System.Text.Json.Serialization;
using Triage.Domain;

namespace Triage.Contracts;

// The queue messages (docs/architecture.md, "Storage"), spelled exactly; UTF-8 JSON, not base64 (both hosts agree through
// host.json's messageEncoding "none" and StorageClients' QueueMessageEncoding.None).

public sealed record FundingPlanLine(
    [property: JsonPropertyName("fundId")] string FundId,
    [property: JsonPropertyName("amountEur")] decimal AmountEur);

public sealed record AnswerChannels(
    [property: JsonPropertyName("queue")] string Queue,
    [property: JsonPropertyName("http")] string Http);

/// <summary><c>approval-requests</c>: one per step, and again with <c>"reminder": true</c>.</summary>
public sealed record ApprovalRequestMessage(
    [property: JsonPropertyName("requestId")] string RequestId,
    [property: JsonPropertyName("partner")] string Partner,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("step")] string Step,
    [property: JsonPropertyName("estimateEur")] decimal EstimateEur,
    [property: JsonPropertyName("fundingPlan")] IReadOnlyList<FundingPlanLine> FundingPlan,
    [property: JsonPropertyName("deadline")] DateTimeOffset Deadline,
    [property: JsonPropertyName("decisionToken")] string DecisionToken,
    [property: JsonPropertyName("answer")] AnswerChannels Answer,
    [property: JsonPropertyName("reminder"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Reminder,
    [property: JsonPropertyName("correlationId")] string CorrelationId);

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
