using System.Text.Json.Serialization;

namespace Triage.Api;

/// <summary>An RFC 9457 problem. <c>errors</c> maps a field path (<c>items[0].participants</c>) to what is
/// wrong with it; <c>code</c> is a stable reason code where the use case gave one.</summary>
public sealed record ProblemBody(
    string Type,
    string Title,
    int Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Instance = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Code = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors = null);
