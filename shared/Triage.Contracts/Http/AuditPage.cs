namespace Triage.Contracts;

/// <summary>One page of the reference data's audit log, newest first.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntryView> Items, string? Continuation);
