using Microsoft.Extensions.Logging;
using Triage.Domain;
using Triage.Application.Assessment;
using Triage.Contracts;
using Triage.Storage;
using Triage.Application.Telemetry;

namespace Triage.Application.Funds;

/// <summary>
/// Plans and reserves a request's funding, fund by fund, so nothing is promised that is not funded.
/// Idempotent: it first looks at what the request already holds (a retried or duplicated activity),
/// keeps a complete reservation, and gives back a partial one before planning again.
/// </summary>
public sealed class ReservationService
{
    /// <summary>How many times a plan is redone after losing a race for a fund's money.</summary>
    public const int MaxReplans = 8;

    private readonly FundLedgerStore ledger;
    private readonly RequestStore requests;
    private readonly RequestAssessor assessor;
    private readonly ILogger<ReservationService> logger;

    public ReservationService(FundLedgerStore ledger, RequestStore requests, RequestAssessor assessor, ILogger<ReservationService> logger)
    {
        this.ledger = ledger;
        this.requests = requests;
        this.assessor = assessor;
        this.logger = logger;
    }

    /// <remarks>
    /// An activity can run again after its orchestration has moved on (at-least-once delivery: a work
    /// item the engine hands out a second time, e.g. after a crash). Such a late run must not reserve
    /// for a request that is settling or settled. The finalizing activities write the stage
    /// (Finalizing) before they scan the holdings; this method checks the stage before it plans and
    /// again after it reserved, and gives back what it took if the request is settling — so either the
    /// settle scan sees the new holding, or this check sees the settle.
    /// </remarks>
    public async Task<Reservation> ReserveAsync(string requestId, string partner, IReadOnlyList<CostedItem> items, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (await IsSettlingAsync(requestId, cancellationToken))
        {
            logger.LogWarning("ReserveFunds for {RequestId} ran after the request started settling; nothing reserved", requestId);
            return Reservation.None;
        }

        var total = items.Sum(i => i.AmountEur);
        var balances = await ledger.ListBalancesAsync(cancellationToken);
        var fundIds = balances.Select(b => b.FundId).ToList();

        var holdings = await ledger.HoldingsAsync(requestId, fundIds, cancellationToken);
        var active = holdings.Where(h => h.State != HoldingState.Released).ToList();
        if (active.Count > 0)
        {
            var round = active.Max(h => h.Round);
            var inRound = active.Where(h => h.Round == round).ToList();
            if (active.All(h => h.Round == round) && inRound.Count == inRound[0].PlanFunds && inRound.Sum(h => h.AmountEur) == inRound[0].PlanTotalEur)
            {
                // A complete reservation from an earlier run of this activity: that is the answer.
                return new Reservation(true, [.. inRound.OrderBy(h => h.FundId, StringComparer.Ordinal).Select(h => new PlanLineView(h.FundId, h.AmountEur))], 0, [], round);
            }

            // A run that died half-way: give back what it took, then plan afresh.
            await ReleaseAllAsync(active.Where(h => h.State == HoldingState.Reserved), at, cancellationToken);
        }

        var nextRound = holdings.Count == 0 ? 1 : holdings.Max(h => h.Round) + 1;
        for (var attempt = 0; attempt < MaxReplans; attempt++, nextRound++)
        {
            if (attempt > 0)
            {
                balances = await ledger.ListBalancesAsync(cancellationToken);
            }

            var plan = assessor.Plan(partner, items, balances);
            if (!plan.IsComplete)
            {
                return new Reservation(false, Lines(plan), plan.ShortfallEur, plan.Shortfalls);
            }

            var perFund = plan.PerFund();
            var taken = new List<Holding>();
            var lost = false;
            foreach (var (fundId, amount) in perFund)
            {
                var result = await ledger.ReserveAsync(fundId, requestId, nextRound, amount, total, perFund.Count, at, cancellationToken);
                if (result == LedgerApply.Refused)
                {
                    lost = true;
                    TriageTelemetry.FundConflicts.Add(1, new KeyValuePair<string, object?>(TriageTelemetry.Tags.FundId, fundId));
                    logger.LogInformation("Request {RequestId} lost the race for fund {FundId} (round {Round}); re-planning", requestId, fundId, nextRound);
                    break;
                }

                taken.Add(new Holding(fundId, requestId, nextRound, amount, total, perFund.Count, HoldingState.Reserved));
            }

            if (!lost)
            {
                if (await IsSettlingAsync(requestId, cancellationToken))
                {
                    logger.LogWarning("ReserveFunds for {RequestId} reserved while the request started settling; giving it back", requestId);
                    await ReleaseAllAsync(taken, at, cancellationToken);
                    return Reservation.None;
                }

                return new Reservation(true, Lines(plan), 0, [], nextRound);
            }

            await ReleaseAllAsync(taken, at, cancellationToken);
        }

        throw new InvalidOperationException($"Request {requestId}: the funds kept moving through {MaxReplans} plans; the activity will be retried.");
    }

    /// <summary>Commits the reservation of <paramref name="round"/> (approved); anything else the request
    /// still holds (a stray duplicate run's round) is released. No round: every reservation is committed.</summary>
    public Task<Settlement> CommitAsync(string requestId, int? round, DateTimeOffset at, CancellationToken cancellationToken) =>
        SettleAsync(requestId, round, at, commit: true, cancellationToken);

    /// <summary>Releases every reservation the request holds (any other end).</summary>
    public Task<Settlement> ReleaseAsync(string requestId, DateTimeOffset at, CancellationToken cancellationToken) =>
        SettleAsync(requestId, null, at, commit: false, cancellationToken);

    private async Task<Settlement> SettleAsync(string requestId, int? round, DateTimeOffset at, bool commit, CancellationToken cancellationToken)
    {
        var balances = await ledger.ListBalancesAsync(cancellationToken);
        var holdings = await ledger.HoldingsAsync(requestId, balances.Select(b => b.FundId), cancellationToken);
        var open = holdings.Where(h => h.State == HoldingState.Reserved).ToList();
        if (commit)
        {
            // Commit the round the orchestration's plan holds; a stray round (a duplicate run's) goes back.
            var toCommit = open.Where(h => round is not { } r || r <= 0 || h.Round == r).ToList();
            foreach (var h in toCommit)
            {
                await ledger.CommitAsync(h, at, cancellationToken);
            }

            await ReleaseAllAsync(open.Except(toCommit), at, cancellationToken);
            open = toCommit;
        }
        else
        {
            await ReleaseAllAsync(open, at, cancellationToken);
        }

        return new Settlement(open.Count, open.Sum(h => h.AmountEur), [.. open.Select(h => h.FundId).Distinct().Order(StringComparer.Ordinal)]);
    }

    private async Task<bool> IsSettlingAsync(string requestId, CancellationToken cancellationToken)
    {
        var record = await requests.GetAsync(requestId, cancellationToken);
        return record is not null && (record.Outcome is not null || record.Stage is Stage.Finalizing or Stage.Completed);
    }

    private async Task ReleaseAllAsync(IEnumerable<Holding> holdings, DateTimeOffset at, CancellationToken cancellationToken)
    {
        foreach (var h in holdings)
        {
            await ledger.ReleaseAsync(h, at, cancellationToken);
        }
    }

    private static List<PlanLineView> Lines(FundingPlan plan) =>
        [.. plan.PerFund().Select(kv => new PlanLineView(kv.Key, kv.Value))];
}
