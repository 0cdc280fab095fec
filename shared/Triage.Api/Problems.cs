using System.Globalization;
using Microsoft.AspNetCore.Http;
using Triage.Application.Intake;
using Triage.Application.UseCases;

namespace Triage.Api;

/// <summary>The RFC 9457 problems this API answers with; one <c>type</c> per kind of failure.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json; charset=utf-8";
    private const string TypePrefix = "urn:triage:problem:";

    public const string ValidationType = TypePrefix + "validation";
    public const string MalformedJsonType = TypePrefix + "malformed-json";
    public const string UnauthenticatedType = TypePrefix + "unauthenticated";
    public const string ForbiddenType = TypePrefix + "forbidden";
    public const string NotFoundType = TypePrefix + "not-found";
    public const string ConflictType = TypePrefix + "conflict";
    public const string PreconditionFailedType = TypePrefix + "precondition-failed";
    public const string TooLargeType = TypePrefix + "body-too-large";
    public const string UnsupportedMediaType = TypePrefix + "unsupported-media-type";
    public const string MethodNotAllowedType = TypePrefix + "method-not-allowed";
    public const string InternalType = TypePrefix + "internal";
    public const string UnavailableType = TypePrefix + "unavailable";
    public const string IntakeFullType = TypePrefix + "intake-full";

    internal static IResult Validation(IReadOnlyDictionary<string, string[]> errors, string? detail = null) =>
        Problem(StatusCodes.Status400BadRequest, ValidationType, "The request is not valid.",
            detail ?? $"{errors.Count} field(s) are not valid: {string.Join(", ", errors.Keys)}.", errors: errors);

    internal static IResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    internal static IResult MalformedJson(string field, string message) =>
        Problem(StatusCodes.Status400BadRequest, MalformedJsonType, "The body is not valid JSON for this operation.", message,
            errors: new Dictionary<string, string[]> { [field] = [message] });

    internal static IResult Unauthenticated(string detail) =>
        Problem(StatusCodes.Status401Unauthorized, UnauthenticatedType, "A valid bearer token is required.", detail);

    internal static IResult Forbidden(string detail) =>
        Problem(StatusCodes.Status403Forbidden, ForbiddenType, "The token does not allow this.", detail);

    internal static IResult NotFound(string detail) =>
        Problem(StatusCodes.Status404NotFound, NotFoundType, "Not found.", detail);

    internal static IResult Conflict(string detail, string? code = null) =>
        Problem(StatusCodes.Status409Conflict, ConflictType, "The request conflicts with the current state.", detail, code);

    internal static IResult TooLarge(int limit) =>
        Problem(StatusCodes.Status413PayloadTooLarge, TooLargeType, "The body is too large.", $"Bodies are limited to {limit} bytes.");

    internal static IResult UnsupportedMedia(string? contentType) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, UnsupportedMediaType, "The body must be JSON.",
            $"Send 'Content-Type: application/json' (got '{Shorten(contentType ?? "none", 100)}').");

    internal static IResult Internal() =>
        Problem(StatusCodes.Status500InternalServerError, InternalType, "Something went wrong on our side.",
            "The error was logged; retrying later may help.");

    internal static IResult Unavailable(string detail) =>
        Unavailable(UnavailableType, "Temporarily unavailable.", detail, null, TimeSpan.FromSeconds(5));

    /// <summary>A submission shed at the door: nothing was recorded, the same call may be made again later.</summary>
    internal static IResult IntakeFull(IntakeRefusal refusal) =>
        Unavailable(IntakeFullType, "The intake backlog is full.",
            $"About {refusal.Backlog} requests are in the engine's hands (submitted and not yet waiting for approvers or funds); the limit ({IntakeSettings.Section}:MaxBacklog) is {refusal.Limit}. "
            + $"Nothing was recorded: submit again after {refusal.RetryAfter.TotalSeconds:0} s (with the same Idempotency-Key).",
            "INTAKE_BACKLOG_FULL", refusal.RetryAfter);

    /// <summary>The problem for a command a use case refused, by its status and reason code.</summary>
    internal static IResult Refused(CommandResult result) => result.Status switch
    {
        CommandStatus.NotFound => NotFound(result.Message ?? "Not found."),
        CommandStatus.Forbidden => Forbidden(result.Message ?? "Not allowed."),
        CommandStatus.Conflict => Conflict(result.Message ?? "The request is not in a state that allows this.", result.Reason),
        _ => throw new InvalidOperationException($"{result.Status} is not a refusal."),
    };

    internal static IResult Problem(int status, string type, string title, string? detail = null, string? code = null, IReadOnlyDictionary<string, string[]>? errors = null) =>
        new JsonResponse<ProblemBody>(status, new ProblemBody(type, title, status, detail, null, code, errors), ApiJsonContext.Default.ProblemBody, ContentType);

    private static JsonResponse<ProblemBody> Unavailable(string type, string title, string detail, string? code, TimeSpan retryAfter) =>
        new(StatusCodes.Status503ServiceUnavailable,
            new ProblemBody(type, title, StatusCodes.Status503ServiceUnavailable, detail, null, code),
            ApiJsonContext.Default.ProblemBody,
            ContentType)
        { Headers = new Dictionary<string, string> { ["Retry-After"] = ((int)retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture) } };

    internal static string Shorten(string value, int max) => value.Length <= max ? value : value[..max] + "…";
}
