namespace Triage.Storage;

/// <summary>A request without an outcome, as the index of open requests holds it.</summary>
public sealed record OpenRequestEntry(string Partner, string RequestId, DateTimeOffset SubmittedAt)
{
    /// <summary>The areas it asks for, comma-separated (kept for screening's duplicate check).</summary>
    public string? Areas { get; init; }
}
