namespace Triage.Application.UseCases;

/// <summary>One event of an orchestration's history: its type, when, and what it names (the activity,
/// the event raised, when a timer fires).</summary>
public sealed record HistoryEventView(int EventId, string EventType, DateTimeOffset Timestamp, string? Name);
