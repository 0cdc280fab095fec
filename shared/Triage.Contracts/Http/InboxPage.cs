namespace Triage.Contracts;

/// <summary>One page of an approver's inbox, oldest first; <paramref name="Continuation"/> asks for the
/// next (null after the last).</summary>
public sealed record InboxPage(IReadOnlyList<InboxItemView> Items, string? Continuation);
