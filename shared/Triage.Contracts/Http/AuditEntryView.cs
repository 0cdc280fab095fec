namespace Triage.Contracts;

/// <summary>One change of the reference data: the version it made, when, who, what kind of change and a
/// one-line summary.</summary>
public sealed record AuditEntryView(int Version, DateTimeOffset At, string By, string? Change, string? Summary);
