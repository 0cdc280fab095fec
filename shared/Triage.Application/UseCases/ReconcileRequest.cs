using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Triage.Application.Funds;
using Triage.Application.Orchestration;
using Triage.Contracts;
using Triage.Domain;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>What reconciling one request did.</summary>
public enum ReconcileAction
{
    /// <summary>Its money was given back and its outcome recorded as Failed (now, or by a concurrent reconciler).</summary>
    Settled,

    /// <summary>It has its outcome already: nothing to do.</summary>
    AlreadyClosed,

    /// <summary>No such request.</summary>
    NotFound,

    /// <summary>Its orchestration is running, pending or suspended: it settles itself.</summary>
    InstanceActive,

    /// <summary>Its orchestration does not exist, but it was submitted too recently to tell a lost
    /// orchestration from one being started.</summary>
    TooYoung,

    /// <summary>Its orchestration completed while the request has no outcome: not settled, logged.</summary>
    InstanceCompleted,

    /// <summary>It was still at Received with no orchestration (its start was lost): started now, as
    /// its submit would have (the same start key, so a start made meanwhile is the same execution).</summary>
    Started,
}

/// <summary>The result of reconciling one request: what was done, the orchestration's status as seen
/// (<c>Missing</c> when there is none, <c>Unchecked</c> when the engine was not asked), and what was given
/// back.
/// <paramref name="UpdatedAt"/> is when the request's row last changed, when it was read.</summary>
public sealed record ReconcileResult(string RequestId, ReconcileAction Action, string InstanceStatus, decimal ReleasedEur = 0, decimal ReversedEur = 0, IReadOnlyList<string>? FundIds = null, DateTimeOffset? UpdatedAt = null);

/// <summary>
/// Settles a request whose orchestration can no longer settle it (terminated, failed, or gone): gives
/// back what it holds — reservations released, commitments reversed, since it did not end approved —
/// records the outcome <c>Failed</c> with its reason, through the domain's <see cref="RequestLifecycle"/>,
/// tells the partner, and wakes the requests waiting for that money. Leaves alone a request whose orchestration is running,
/// pending or suspended, and one whose orchestration does not exist yet when it is younger than the
/// minimum age; one older than that still at Received (never started) it starts instead of ending.
/// Idempotent, also against itself running twice at once: the request moves to
/// Finalizing and then to Completed each by compare-and-swap on its version, the ledger keys settle a
/// round once, and the timeline entry is keyed by the time the request started finalizing. The entries
/// name the settlement (<c>reconciled:{that time}</c>), so the reconciler that records the outcome
/// reports what was given back even when another one wrote the entries.
/// </summary>
public sealed class ReconcileRequest
{
    private const int MaxAttempts = 8;
    private readonly RequestStore requests;
    private readonly PendingApprovalStore pendingApprovals;
    private readonly TimelineStore timeline;
    private readonly ReservationService reservations;
    private readonly WaitingRequests waiting;
    private readonly QueueSender queues;
    private readonly ActivityRetry retry;
    private readonly TimeProvider clock;
    private readonly ILogger<ReconcileRequest> logger;

    public ReconcileRequest(RequestStore requests, PendingApprovalStore pendingApprovals, TimelineStore timeline, ReservationService reservations, WaitingRequests waiting, QueueSender queues, ActivityRetry retry, TimeProvider clock, ILogger<ReconcileRequest> logger)
    {
        this.retry = retry;
        this.requests = requests;
        this.pendingApprovals = pendingApprovals;
        this.timeline = timeline;
        this.reservations = reservations;
        this.waiting = waiting;
        this.queues = queues;
        this.clock = clock;
        this.logger = logger;
    }

    /// <param name="minimumAge">A request whose orchestration does not exist is settled only when it was
    /// submitted at least this long ago (null: at once, for a caller that knows the instance existed).</param>
    /// <param name="indexedAt">When the sweep found the request in the open-requests index: a submit writes
    /// the index entry just before the request row, so an entry younger than <paramref name="minimumAge"/>
    /// without its row is a submit in progress, left indexed, not a stray entry.</param>
    /// <param name="stopped">When given, the instances the engine reported failed or terminated: the engine
    /// is then asked about this request only when it is among them or its row is still at
    /// <see cref="Stage.Received"/> (its orchestration may never have started); any other is presumed
    /// running (an orchestration that moved the row past Received existed, and leaves the engine's record
    /// only by a purge, of finished instances). One engine query per sweep instead of one per request.</param>
    public async Task<ReconcileResult> RunAsync(string requestId, string by, DurableTaskClient client, TimeSpan? minimumAge, CancellationToken cancellationToken, DateTimeOffset? indexedAt = null, IReadOnlySet<string>? stopped = null)
    {
        var r = await requests.GetAsync(requestId, cancellationToken);
        if (r is null)
        {
            if (indexedAt is { } at && minimumAge is { } young && clock.GetUtcNow() - at < young)
            {
                return new ReconcileResult(requestId, ReconcileAction.TooYoung, "Unknown");
            }

            await requests.UnindexAsync(requestId, cancellationToken);
            return new ReconcileResult(requestId, ReconcileAction.NotFound, "Unknown");
        }

        if (!r.IsOpen)
        {
            await requests.UnindexAsync(requestId, cancellationToken);
            return new ReconcileResult(requestId, ReconcileAction.AlreadyClosed, "Unknown");
        }

        if (stopped is not null && !stopped.Contains(requestId) && r.Stage != Stage.Received)
        {
            return new ReconcileResult(requestId, ReconcileAction.InstanceActive, "Unchecked", UpdatedAt: r.UpdatedAt);
        }

        var instance = await client.GetInstanceAsync(requestId, getInputsAndOutputs: false, cancellationToken);
        var status = instance?.RuntimeStatus.ToString() ?? "Missing";
        switch (instance?.RuntimeStatus)
        {
            case OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended:
                return new ReconcileResult(requestId, ReconcileAction.InstanceActive, status, UpdatedAt: r.UpdatedAt);
            case OrchestrationRuntimeStatus.Completed:
                logger.LogWarning("Request {RequestId} has no outcome but its orchestration completed; left as it is", requestId);
                return new ReconcileResult(requestId, ReconcileAction.InstanceCompleted, status);
            case null when minimumAge is { } age && clock.GetUtcNow() - r.SubmittedAt < age:
                return new ReconcileResult(requestId, ReconcileAction.TooYoung, status);
            case null when r.Stage == Stage.Received:
                // Nothing ran for it: a submit that stored the row and ended before its start. Nothing
                // submitted is lost, so it is started, not ended.
                await OrchestrationStart.FirstAsync(client, r, retry, cancellationToken);
                logger.LogWarning("Request {RequestId} was at Received without an orchestration; started by {By}", requestId, by);
                return new ReconcileResult(requestId, ReconcileAction.Started, status);
        }

        return await SettleAsync(r, status, by, client, cancellationToken);
    }

    private async Task<ReconcileResult> SettleAsync(RequestRecord r, string status, string by, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var requestId = r.Id;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (!r.IsOpen)
            {
                // Another reconciler finished it meanwhile.
                await requests.UnindexAsync(requestId, cancellationToken);
                return new ReconcileResult(requestId, ReconcileAction.AlreadyClosed, status);
            }

            if (r.Stage != Stage.Finalizing)
            {
                // Finalizing first: a stray ReserveFunds still running sees the request settling
                // (ReservationService.ReserveAsync), and a crash from here on leaves it open, to be found again.
                var finalizing = r.Lifecycle();
                finalizing.StartFinalizing();
                await requests.TryUpdateAsync(Update(r, finalizing), r.Version, cancellationToken);
                r = await requests.GetAsync(requestId, cancellationToken) ?? throw new InvalidOperationException($"Request {requestId} vanished.");
                continue;
            }

            // The time the request started finalizing: the same for every reconciler of this request, so
            // the timeline entry below is one row however often it is written.
            var at = r.UpdatedAt;
            var settlement = $"reconciled:{at.UtcTicks}";
            await reservations.ReleaseAsync(requestId, at, reverseCommitments: true, settlement, cancellationToken);
            var detail = $"Failed: its orchestration is {status}; reconciled, its funds given back";
            await timeline.AppendAsync(new TimelineEvent(requestId, at, "reconciled", "outcome", detail, by), cancellationToken);

            var failed = r.Lifecycle();
            failed.Complete(Outcome.Failed);
            if (!await requests.TryUpdateAsync(Update(r, failed), r.Version, cancellationToken))
            {
                r = await requests.GetAsync(requestId, cancellationToken) ?? throw new InvalidOperationException($"Request {requestId} vanished.");
                continue;
            }

            // Its step, if it waited at one, leaves the inbox now (the sweep's repair would find it too).
            if (await requests.GetAsync(requestId, cancellationToken) is { } closed)
            {
                await pendingApprovals.SyncAsync(closed, cancellationToken);
            }

            // What this settlement gave back, whichever reconciler wrote each entry.
            var settled = await reservations.SettledAsync(requestId, settlement, cancellationToken);
            logger.LogWarning("Request {RequestId} reconciled by {By}: orchestration {Status}; released {Released}, reversed {Reversed} in {Funds}; outcome Failed",
                requestId, by, status, settled.AmountEur - settled.ReversedEur, settled.ReversedEur, string.Join(",", settled.FundIds));
            await NotifyPartnerAsync(r, cancellationToken);
            if (settled.Entries > 0)
            {
                await WakeAsync(client, settled.FundIds, requestId, cancellationToken);
            }

            return new ReconcileResult(requestId, ReconcileAction.Settled, status, settled.AmountEur - settled.ReversedEur, settled.ReversedEur, settled.FundIds);
        }

        throw new InvalidOperationException($"Request {requestId} kept changing while it was reconciled.");
    }

    /// <summary>Tells the partner the outcome, as the orchestration would have; best effort (the outcome
    /// is recorded, and the request's status answers with it).</summary>
    private async Task NotifyPartnerAsync(RequestRecord r, CancellationToken cancellationToken)
    {
        try
        {
            await queues.SendPartnerNotificationAsync(
                new PartnerNotificationMessage(
                    r.Id, r.Partner, r.Title, Outcome.Failed, r.Estimate?.TotalEur,
                    [.. (r.Funding?.Plan ?? []).Select(p => new FundingPlanLine(p.FundId, p.AmountEur))],
                    r.Funding?.ShortfallEur ?? 0,
                    [.. (r.Eligibility?.Reasons ?? []).Select(x => x.Code).Distinct()],
                    clock.GetUtcNow(), $"/api/requests/{r.Id}", r.CorrelationId),
                cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Telling the partner that {RequestId} failed did not work", r.Id);
        }
    }

    /// <summary>Wakes the requests waiting for the freed money; best effort (they also wake on the next
    /// change of funds, or end at their wait limit).</summary>
    private async Task WakeAsync(DurableTaskClient client, IReadOnlyList<string> fundIds, string requestId, CancellationToken cancellationToken)
    {
        try
        {
            await waiting.WakeAsync(client, fundIds, requestId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Waking the requests waiting for {Funds} after reconciling {RequestId} failed", string.Join(",", fundIds), requestId);
        }
    }

    /// <summary>The next write of the request: a version above the stored one (and above the clock's, as
    /// the orchestration's versions are), the pending approvals cancelled.</summary>
    private RequestUpdate Update(RequestRecord r, RequestLifecycle lifecycle)
    {
        var now = clock.GetUtcNow();
        return new RequestUpdate(
            r.Id, r.Partner, Math.Max(r.Version + 1, now.UtcTicks), now, lifecycle, null,
            r.Eligibility, r.Estimate, r.Funding,
            [.. r.Approvals.Select(a => a.Status == ApprovalStatus.Pending ? a with { Status = ApprovalStatus.Cancelled } : a)]);
    }
}
