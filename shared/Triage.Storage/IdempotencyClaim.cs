namespace Triage.Storage;

/// <summary>What an idempotency key stands for: the request it created and the hash of the body it
/// was first submitted with (a retry with another body is a conflict, not the same request).</summary>
public sealed record IdempotencyClaim(string RequestId, string BodyHash);
