using Triage.Application.Identity;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>
/// An approver's inbox: the requests waiting at a step the caller holds (the token's <c>steps</c>), and
/// those escalated to the caller as a deputy, oldest first; an admin sees every step. Read from the index
/// of pending approvals (<see cref="PendingApprovalStore"/>), never from the <c>Requests</c> table: one
/// partition query per step. The continuation is the position of the last item.
/// </summary>
public sealed class ListInbox
{
    private readonly PendingApprovalStore pending;
    private readonly ReferenceDataProvider reference;

    public ListInbox(PendingApprovalStore pending, ReferenceDataProvider reference)
    {
        this.pending = pending;
        this.reference = reference;
    }

    /// <summary>True for a continuation this use case may have given out.</summary>
    public static bool IsContinuation(string continuation) => PendingApprovalStore.IsPosition(continuation);

    public async Task<InboxPage> RunAsync(Caller caller, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var data = reference.Data;
        var every = data.Policy.AllSteps.Concat(data.Approvers.SelectMany(a => a.Steps)).Distinct(StringComparer.Ordinal).ToList();
        IReadOnlyCollection<string> held = caller.IsAdmin ? every : caller.IsApprover ? [.. caller.Steps] : [];

        // Any other step may have been escalated to this approver (by the policy of the version the request
        // was screened with): only its escalated entries naming them are shown.
        IReadOnlyCollection<string> deputyFor = caller.IsApprover && !caller.IsAdmin ? [.. every.Except(held, StringComparer.Ordinal)] : [];
        var (items, next) = await pending.PageAsync(held, deputyFor, caller.Subject, continuation, pageSize, cancellationToken);
        return new InboxPage(
            [.. items.Select(i => new InboxItemView(
                i.RequestId, i.Partner, i.Title, i.Step, i.Since, i.ReminderAt, i.Deadline, i.Escalated, i.EscalatedAt, i.EstimateEur,
                !held.Contains(i.Step)))],
            next);
    }
}
