using System.Text.Json.Serialization;
using Triage.Domain;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.Orchestration;

/// <summary>The orchestration's custom status: <c>{"stage","pendingStep"}</c>.</summary>
public sealed record TriageStatus(
    [property: JsonPropertyName("stage")] Stage Stage,
    [property: JsonPropertyName("pendingStep")] string? PendingStep);
