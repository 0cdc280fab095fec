namespace Triage.Application.UseCases;

public enum SubmitStatus
{
    /// <summary>A new request was recorded and its orchestration started (HTTP 202).</summary>
    Created,

    /// <summary>The idempotency key was seen before with the same body (HTTP 200, same request).</summary>
    Existing,

    /// <summary>The idempotency key was seen before with a different body (HTTP 409).</summary>
    KeyConflict,

    /// <summary>The intake backlog is full: nothing was written (HTTP 503 with Retry-After).</summary>
    Shed,
}
