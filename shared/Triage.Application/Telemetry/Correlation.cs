using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Triage.Contracts;

namespace Triage.Application.Telemetry;

/// <summary>
/// One correlation id per request, from the HTTP call that submitted it, through the orchestration,
/// to every queue message about it (approval requests, decisions, partner notifications), so a
/// partner's or approver's support ticket can be followed end to end with one search.
/// <list type="number">
/// <item>HTTP: read <see cref="HeaderName"/> with <c>CorrelationHeader.FromRequest</c> (API) (a caller-supplied id is
/// kept when it is well-formed, otherwise one is made) and echo it in the response header.</item>
/// <item>Orchestration: carry it in the orchestration input (property <see cref="PropertyName"/>);
/// orchestrator code must not call <see cref="GetOrCreate"/> (it reads <see cref="Activity.Current"/>,
/// which differs on replay): it copies the id from its input into each activity input.</item>
/// <item>Queue messages: a top-level JSON property <see cref="PropertyName"/>; a queue consumer
/// tags its span and log scope with it (<see cref="Tag"/>, <see cref="BeginScope"/>).</item>
/// </list>
/// When no id comes in, the current W3C trace id is used, so the id is also Application Insights'
/// <c>operation_Id</c> for the submitting call.
/// </summary>
public static class Correlation
{
    public const string HeaderName = "X-Correlation-Id";

    /// <summary>JSON property name in orchestration inputs and queue messages.</summary>
    public const string PropertyName = "correlationId";

    /// <summary>Span tag name.</summary>
    public const string TagName = TriageTelemetry.Tags.CorrelationId;

    /// <summary>Log scope key.</summary>
    public const string LogScopeKey = "CorrelationId";

    public const int MaxLength = 64;

    // The id of the HTTP call being handled, for code further down the same call (the application
    // service) that has no HttpContext.
    private static readonly AsyncLocal<string?> CurrentId = new();

    /// <summary>
    /// The caller's id when it is well-formed (1–64 of letters, digits, '-', '_', '.', ':'), otherwise
    /// the id of the HTTP call being handled (<see cref="SetCurrent"/>), otherwise the current trace id,
    /// otherwise a new one. Anything else is dropped rather than cleaned, so a header cannot inject
    /// text into logs or messages.
    /// </summary>
    public static string GetOrCreate(string? incoming = null)
    {
        if (IsWellFormed(incoming))
        {
            return incoming!;
        }

        if (CurrentId.Value is { } current)
        {
            return current;
        }

        var traceId = Activity.Current?.TraceId ?? default;
        return traceId != default ? traceId.ToHexString() : Guid.NewGuid().ToString("N");
    }

    /// <summary>Makes <paramref name="id"/> the id of everything the rest of this call does (the HTTP
    /// layer calls it once per request, after reading the header).</summary>
    public static void SetCurrent(string id) => CurrentId.Value = id;

    public static bool IsWellFormed(string? value) =>
        !string.IsNullOrEmpty(value)
        && value.Length <= MaxLength
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');

    public static void Tag(Activity? activity, string correlationId) => activity?.SetTag(TagName, correlationId);

    /// <summary>A log scope carrying the id; every log line written inside it has <c>CorrelationId</c>.</summary>
    public static IDisposable? BeginScope(ILogger logger, string correlationId) =>
        logger.BeginScope(new Dictionary<string, object> { [LogScopeKey] = correlationId });
}
