namespace Triage.Storage;

/// <summary>A row of the <c>RequestsByStage</c> index: a request at a stage (or, finished, with an
/// outcome) since <paramref name="Since"/>, with what the waking of waiting requests filters on.</summary>
public sealed record StageIndexEntry(string RequestId, string Partner, string Stage, string? Outcome, IReadOnlyList<string> Areas, DateTimeOffset SubmittedAt, DateTimeOffset Since);
