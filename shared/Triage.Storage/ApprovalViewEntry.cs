using Triage.Contracts;

namespace Triage.Storage;

/// <summary>The approval a request should have in the index of pending approvals, and its step.</summary>
public sealed record ApprovalViewEntry(string Step, ApprovalView Approval);
