using Triage.Contracts;

namespace Triage.Storage;

/// <summary>The approval a request should have in the index of pending approvals, with its row key.</summary>
public sealed record ApprovalViewEntry(string Step, string Key, ApprovalView Approval);
