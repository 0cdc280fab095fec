using System.Text.Json;
using System.Text.Json.Serialization;
using Triage.Domain;

namespace Triage.Contracts;

// A queue message, spelled exactly (docs/architecture.md, "Storage"): UTF-8 JSON, not base64 (both hosts
// agree through host.json's messageEncoding "none" and StorageClients' QueueMessageEncoding.None).

/// <summary><c>approval-requests</c>: one per step, and again with <c>"reminder": true</c> at the step's
/// reminder point; when the step is escalated then, <c>"escalatedTo"</c> names the deputies it is addressed
/// to (they may decide the step from then on).</summary>
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
    [property: JsonPropertyName("correlationId")] string CorrelationId,
    [property: JsonPropertyName("escalatedTo"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? EscalatedTo = null);
