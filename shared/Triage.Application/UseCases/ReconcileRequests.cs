using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>One request the reconciler settled: the orchestration's status it found, and what went back.</summary>
public sealed record ReconciledRequestView(string RequestId, string InstanceStatus, decimal ReleasedEur, decimal ReversedEur, IReadOnlyList<string> FundIds);

/// <summary>What a sweep of the reconciler did: how many open requests it looked at, which it settled,
/// how many it left alone and why, the requests it started (found at Received without an orchestration),
/// and the requests it could not reconcile (tried again next sweep);
/// <c>StoppedListed</c>, how many failed or terminated instances the engine listed (null: a full sweep,
/// or the engine could not list them, and each request was looked up).</summary>
public sealed record ReconciliationReport(
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    bool FullScan,
    int Examined,
    IReadOnlyList<ReconciledRequestView> Settled,
    IReadOnlyList<string> Started,
    int Active,
    int TooYoung,
    int AlreadyClosed,
    int Anomalies,
    IReadOnlyList<string> Errors,
    int PendingApprovalsRemoved = 0,
    int StageIndexWritten = 0,
    int StageIndexRemoved = 0,
    int InstancesPurged = 0,
    int? StoppedListed = null);

/// <summary>
/// The reconciler (docs/decisions/0015): settles every open request whose orchestration can no longer
/// settle it — terminated, failed, or gone — so that money never stays held by a request that will
/// not finish, whoever stopped it and however (the terminate route, the Durable HTTP API, the portal, a
/// crash in between, a failure inside the finishing step), and starts a request still at Received whose
/// start was lost (a submit answers before it starts the orchestration). Each request goes through
/// <see cref="ReconcileRequest"/>. Run by a timer in both hosts and by an admin route.
/// <para>Cost: it pages through the index of open requests (table <c>OpenRequests</c>), not the
/// <c>Requests</c> table: per sweep one query page per <see cref="ReconcilerSettings.PageSize"/> open
/// requests, one point read per open request (its row), and one query of the engine for the instances
/// that failed or were terminated; the engine is asked about a single request only when it is among
/// those or its row is still at Received. A full sweep (<paramref name="fullScan"/>) instead scans
/// <c>Requests</c> for rows without an outcome, which the service does over every row, puts any open
/// request missing from the index back into it, and asks the engine about every open request.</para>
/// <para>Every sweep then repairs the index of pending approvals (<see cref="PendingApprovalStore.RepairAsync"/>):
/// it re-syncs the running requests whose row changed within the last <see cref="ReconcilerSettings.Interval"/>
/// plus <see cref="ReconcilerSettings.MinimumAge"/> (every running one in a full sweep), and reads the
/// request of each entry of the index (removed when its request no longer waits there).</para>
/// <para>A full sweep also repairs the stage index (<see cref="RequestStore.RepairStageIndexAsync"/>): it
/// reads the keys of the index and a few columns of every request, a page per thousand rows, writes the
/// rows missing and removes those a crash left behind. Daily, because nothing but a crash or an older
/// version leaves it wrong, and its readers meanwhile check the request row or count a request once;
/// rows changed within <see cref="ReconcilerSettings.MinimumAge"/> are left alone (a move under way).</para>
/// <para>Last, every sweep purges from the engine the orchestrations of the requests that have had their
/// outcome for longer than <see cref="ReconcilerSettings.HistoryRetention"/> (30 days;
/// <see cref="PurgeFinishedOrchestrations"/>): their history would otherwise grow for ever, and on the
/// storage emulator every history load reads the whole table. The request's row and timeline stay; only
/// the engine's record of its run goes.</para>
/// </summary>
public sealed class ReconcileRequests
{
    public const string Actor = "reconciler";

    private readonly RequestStore requests;
    private readonly PendingApprovalStore pendingApprovals;
    private readonly ReconcileRequest reconcile;
    private readonly PurgeFinishedOrchestrations purge;
    private readonly ReconcilerSettings settings;
    private readonly TimeProvider clock;
    private readonly ILogger<ReconcileRequests> logger;

    public ReconcileRequests(RequestStore requests, PendingApprovalStore pendingApprovals, ReconcileRequest reconcile, PurgeFinishedOrchestrations purge, ReconcilerSettings settings, TimeProvider clock, ILogger<ReconcileRequests> logger)
    {
        this.requests = requests;
        this.pendingApprovals = pendingApprovals;
        this.reconcile = reconcile;
        this.purge = purge;
        this.settings = settings;
        this.clock = clock;
        this.logger = logger;
    }

    public async Task<ReconciliationReport> RunAsync(bool fullScan, string by, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var results = new List<ReconcileResult>();
        var errors = new List<string>();
        var stopped = fullScan ? null : await StoppedInstancesAsync(client, cancellationToken);
        string? continuation = null;
        do
        {
            var (page, next) = fullScan
                ? await requests.ScanOpenPageAsync(continuation, settings.PageSize, cancellationToken)
                : await requests.OpenPageAsync(continuation, settings.PageSize, cancellationToken);
            continuation = next;
            var fresh = page.Where(e => seen.Add(e.RequestId)).ToList();
            await Parallel.ForEachAsync(fresh, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (entry, ct) =>
            {
                try
                {
                    var result = await reconcile.RunAsync(entry.RequestId, by, client, settings.MinimumAge, ct, entry.SubmittedAt, stopped);
                    lock (results)
                    {
                        results.Add(result);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Reconciling {RequestId} failed; the next sweep tries again", entry.RequestId);
                    lock (errors)
                    {
                        errors.Add($"{entry.RequestId}: {ex.GetType().Name}: {ex.Message}");
                    }
                }
            });
        }
        while (continuation is not null);

        var removed = 0;
        try
        {
            // After the settlements, so the entries of the requests settled just now go too. Between full
            // sweeps only the requests whose row changed lately: a crash between a row and its index
            // happens just after the row's write, and the sweep runs every Interval.
            var changedSince = started - settings.Interval - settings.MinimumAge;
            var running = results
                .Where(r => r.Action == ReconcileAction.InstanceActive && (fullScan || r.UpdatedAt is null || r.UpdatedAt >= changedSince))
                .Select(r => r.RequestId).Order(StringComparer.Ordinal).ToList();
            removed = await pendingApprovals.RepairAsync(running, requests.GetAsync, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Repairing the index of pending approvals failed; the next sweep tries again");
            errors.Add($"{nameof(PendingApprovalStore)}: {ex.GetType().Name}: {ex.Message}");
        }

        var stageIndex = new StageIndexRepair(0, 0);
        if (fullScan)
        {
            try
            {
                stageIndex = await requests.RepairStageIndexAsync(clock.GetUtcNow() - settings.MinimumAge, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Repairing the stage index failed; the next full sweep tries again");
                errors.Add($"{nameof(RequestStore.RepairStageIndexAsync)}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        var purged = 0;
        try
        {
            // After the settlements: an instance purged before its request was settled would be reported
            // missing, which settles the same way, but one sweep later.
            purged = await purge.RunAsync(fullScan, client, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Purging finished orchestrations failed; the next sweep tries again");
            errors.Add($"{nameof(PurgeFinishedOrchestrations)}: {ex.GetType().Name}: {ex.Message}");
        }

        var settled = results.Where(r => r.Action == ReconcileAction.Settled)
            .OrderBy(r => r.RequestId, StringComparer.Ordinal)
            .Select(r => new ReconciledRequestView(r.RequestId, r.InstanceStatus, r.ReleasedEur, r.ReversedEur, r.FundIds ?? []))
            .ToList();
        var report = new ReconciliationReport(
            started,
            clock.GetUtcNow(),
            fullScan,
            seen.Count,
            settled,
            [.. results.Where(r => r.Action == ReconcileAction.Started).Select(r => r.RequestId).Order(StringComparer.Ordinal)],
            results.Count(r => r.Action == ReconcileAction.InstanceActive),
            results.Count(r => r.Action == ReconcileAction.TooYoung),
            results.Count(r => r.Action is ReconcileAction.AlreadyClosed or ReconcileAction.NotFound),
            results.Count(r => r.Action == ReconcileAction.InstanceCompleted),
            [.. errors.Order(StringComparer.Ordinal)],
            removed,
            stageIndex.Written,
            stageIndex.Removed,
            purged,
            stopped?.Count);
        if (settled.Count > 0 || errors.Count > 0)
        {
            logger.LogWarning("Reconciler ({By}): {Examined} open request(s) examined, {Settled} settled, {Errors} error(s)", by, report.Examined, settled.Count, errors.Count);
        }
        else
        {
            logger.LogInformation("Reconciler ({By}): {Examined} open request(s) examined, none to settle", by, report.Examined);
        }

        return report;
    }

    /// <summary>The instances the engine reports failed or terminated (one paged query), or null when it
    /// cannot say, and then every request is asked about on its own.</summary>
    private async Task<IReadOnlySet<string>?> StoppedInstancesAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        try
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var query = new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated], FetchInputsAndOutputs = false, PageSize = 500 };
            await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
            {
                ids.Add(instance.InstanceId);
            }

            return ids;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "The engine did not list its stopped instances; each open request is looked up instead");
            return null;
        }
    }
}
