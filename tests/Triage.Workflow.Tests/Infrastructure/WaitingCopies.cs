using Triage.Contracts;
using Triage.Domain;
using Triage.Storage;

namespace Triage.Workflow.Tests.Infrastructure;

/// <summary>Copies of a stored request moved, in memory only, to wait at a step on timings of the test's
/// choosing: what the step timers are synced from, without an orchestration behind it.</summary>
public static class WaitingCopies
{
    public static RequestRecord WaitingAt(this RequestRecord record, string step, DateTimeOffset since, DateTimeOffset deadline, DateTimeOffset? reminderAt = null, string? id = null) =>
        record with
        {
            Id = id ?? record.Id,
            Stage = Stage.AwaitingApproval,
            PendingStep = step,
            Approvals = [new ApprovalView(step, ApprovalStatus.Pending, null, null, deadline, null, since, reminderAt)],
        };
}
