using System.Text.Json;
using System.Text.Json.Serialization;
using Triage.Contracts;
using Triage.Application.UseCases;

namespace Triage.Api;

// Shapes only the HTTP layer answers with; the workflow's shapes are in Contracts/WireContracts.cs.

/// <summary>An RFC 9457 problem. <c>errors</c> maps a field path (<c>items[0].participants</c>) to what is
/// wrong with it; <c>code</c> is a stable reason code where the service gave one.</summary>
public sealed record ProblemBody(
    string Type,
    string Title,
    int Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Instance = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Code = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors = null);

/// <summary>The answer to a command that the orchestration carries out later (202).</summary>
public sealed record CommandAccepted(string Id, string Status, string StatusUrl);

public sealed record HealthView(string Status, string Storage, string Engine, string Version);

public sealed record InstanceView(
    string Id,
    string Name,
    string RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    string? CustomStatus,
    string? Failure);

public sealed record HistoryEventView(int EventId, string EventType, DateTimeOffset Timestamp, string? Name);

/// <summary>An instance and its history; <c>historyUnavailable</c> says why the history is missing when
/// the Durable Task backend cannot list it.</summary>
public sealed record InstanceHistoryView(InstanceView Instance, IReadOnlyList<HistoryEventView>? History, string? HistoryUnavailable);

/// <summary>
/// Every JSON shape of the API, source-generated: camelCase, enums as strings, and unknown properties
/// refused (400) so a typo never silently drops a field, numbers in strings refused (the web defaults
/// would read "5" as 5). Null values are written, so a client sees every field of a shape.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.Strict,
    AllowDuplicateProperties = false,
    MaxDepth = 32)]
[JsonSerializable(typeof(SubmitRequestInput))]
[JsonSerializable(typeof(SubmitAccepted))]
[JsonSerializable(typeof(RequestView))]
[JsonSerializable(typeof(RequestPage))]
[JsonSerializable(typeof(QuoteView))]
[JsonSerializable(typeof(DecisionInput))]
[JsonSerializable(typeof(IReadOnlyList<FundView>))]
[JsonSerializable(typeof(FundView))]
[JsonSerializable(typeof(ContributionInput))]
[JsonSerializable(typeof(DemandReport))]
[JsonSerializable(typeof(ProblemBody))]
[JsonSerializable(typeof(CommandAccepted))]
[JsonSerializable(typeof(HealthView))]
[JsonSerializable(typeof(InstanceHistoryView))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
