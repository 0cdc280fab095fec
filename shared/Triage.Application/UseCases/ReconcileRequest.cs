using Microsoft.DurableTask.Client;
using Triage.Application.Funds;
using Triage.Application.Orchestration;
using Triage.Domain;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>
/// Settles a request whose orchestration ended outside the workflow's own handling (an admin terminated
/// it, or it failed): releases what the request still holds, wakes the requests waiting for that money
/// and records the outcome <c>Failed</c>. Refused (409) while the instance is still running or
/// suspended; a no-op for a request that has its outcome.
/// </summary>
public sealed class ReconcileRequest
{
    private readonly RequestStore requests;
    private readonly TimelineStore timeline;
    private readonly ReservationService reservations;
    private readonly WaitingRequests waiting;
    private readonly TimeProvider clock;

    public ReconcileRequest(RequestStore requests, TimelineStore timeline, ReservationService reservations, WaitingRequests waiting, TimeProvider clock)
    {
        this.requests = requests;
        this.timeline = timeline;
        this.reservations = reservations;
        this.waiting = waiting;
        this.clock = clock;
    }

    public async Task<CommandResult> RunAsync(string requestId, string by, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var r = await requests.GetAsync(requestId, cancellationToken);
        if (r is null)
        {
            return new CommandResult(CommandStatus.NotFound, "NOT_FOUND", $"No request {requestId}.");
        }

        if (!r.IsOpen)
        {
            return CommandResult.Ok;
        }

        var instance = await client.GetInstanceAsync(requestId, getInputsAndOutputs: false, cancellationToken);
        if (instance is { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended })
        {
            return new CommandResult(CommandStatus.Conflict, "INSTANCE_ACTIVE", $"The orchestration of {requestId} is {instance.RuntimeStatus}; terminate it first.");
        }

        var at = clock.GetUtcNow();
        var status = instance?.RuntimeStatus.ToString() ?? "missing";
        // Through the domain's rules like every other move: an open request may always end Failed.
        var lifecycle = r.Lifecycle();
        lifecycle.StartFinalizing();
        lifecycle.Complete(Outcome.Failed);
        var update = new RequestUpdate(
            requestId, r.Partner, Math.Max(r.Version + 1, at.UtcTicks), at, lifecycle, null,
            r.Eligibility, r.Estimate, r.Funding,
            [.. r.Approvals.Select(a => a.Status == ApprovalStatus.Pending ? a with { Status = ApprovalStatus.Cancelled } : a)]);

        // Mark first, then scan and release: a stray ReserveFunds still running sees the request settled.
        await requests.UpdateAsync(update, cancellationToken);
        await timeline.AppendAsync(new TimelineEvent(requestId, at, "reconciled", "outcome", $"Failed: orchestration {status}; funds released", by), cancellationToken);
        var released = await reservations.ReleaseAsync(requestId, at, cancellationToken);
        if (released.Entries > 0)
        {
            await waiting.WakeAsync(client, released.FundIds, requestId, cancellationToken);
        }

        return CommandResult.Ok;
    }
}
