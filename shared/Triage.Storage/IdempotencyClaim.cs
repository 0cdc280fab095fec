namespace Triage.Storage;

/// <summary>What an idempotency key stands for and the hash of the body it
/// was first submitted with (a retry with another body is a conflict, not the same request).</summary>
/// <param name="ResourceId">What the key stands for: the request a submit created, or the fund a
/// contribution went to (stored in the column <c>RequestId</c>, its name since the first version).</param>
public sealed record IdempotencyClaim(string ResourceId, string BodyHash);
