namespace Triage.Contracts;

/// <summary>A partner's new status (<c>active</c>, <c>suspended</c>, <c>conditions-permit</c>), why, and
/// optionally the framework it moves into (<c>PFP</c>, <c>MD</c>, <c>ICI</c>, <c>PAG</c>).</summary>
public sealed record PartnerStatusInput(string Status, string Reason, string? Framework = null);
