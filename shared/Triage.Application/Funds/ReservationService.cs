using Microsoft.Extensions.Logging;
using Triage.Domain;
using Triage.Contracts;
using Triage.Application.UseCases;
using Triage.Application.Orchestration;
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
    private readonly ReferenceDataProvider reference;
    private readonly ILogger<ReservationService> logger;

    public ReservationService(FundLedgerStore ledger, RequestStore requests, ReferenceDataProvider reference, ILogger<ReservationService> logger)
    {
        this.ledger = ledger;
        this.requests = requests;
        this.reference = reference;
        this.logger = logger;
    }

    /// <summary>A plan against the live balances, reserving nothing (quotes).</summary>
    public async Task<FundingPlan> PlanAsync(string partner, IReadOnlyList<CostedItem> items, CancellationToken cancellationToken)
    {
        var balances = await ledger.ListBalancesAsync(cancellationToken);
        return FundingMatcher.Match(reference.Data, partner, items, [.. balances.Select(b => new FundBalance(b.FundId, Math.Max(0, b.AvailableEur)))]);
    }

    /// <remarks>
    /// An activity can run again after its orchestration has moved on (at-least-once delivery: a work
    /// item the engine hands out a second time, e.g. after a crash). Such a late run must not reserve
    /// for a request that is settling or settled. The finalizing activities write the stage
    /// (Finalizing) before they scan the holdings; this method checks the stage before it plans and
    /// again after it reserved, and gives back what it took if the request is settling — so either the
    /// settle scan sees the new holding, or this check sees the settle.
    /// </remarks>
    public async Task<ReserveOutput> ReserveAsync(ReserveInput input, CancellationToken cancellationToken)
    {
        if (await IsSettlingAsync(input.RequestId, cancellationToken))
        {
            logger.LogWarning("ReserveFunds for {RequestId} ran after the request started settling; nothing reserved", input.RequestId);
            return new ReserveOutput(false, [], 0, []);
        }

        var items = input.Items.Select(i => new CostedItem(i.Item, i.Area, i.AmountEur)).ToList();
        var total = items.Sum(i => i.AmountEur);
        var balances = await ledger.ListBalancesAsync(cancellationToken);
        var fundIds = balances.Select(b => b.FundId).ToList();

        var holdings = await ledger.HoldingsAsync(input.RequestId, fundIds, cancellationToken);
        var active = holdings.Where(h => h.State != HoldingState.Released).ToList();
        if (active.Count > 0)
        {
            var round = active.Max(h => h.Round);
            var inRound = active.Where(h => h.Round == round).ToList();
            if (active.All(h => h.Round == round) && inRound.Count == inRound[0].PlanFunds && inRound.Sum(h => h.AmountEur) == inRound[0].PlanTotalEur)
            {
                // A complete reservation from an earlier run of this activity: that is the answer.
                return new ReserveOutput(true, [.. inRound.OrderBy(h => h.FundId, StringComparer.Ordinal).Select(h => new PlanLineView(h.FundId, h.AmountEur))], 0, [], round);
            }

            // A run that died half-way: give back what it took, then plan afresh.
            await ReleaseAllAsync(active.Where(h => h.State == HoldingState.Reserved), input.At, cancellationToken);
        }

        var nextRound = holdings.Count == 0 ? 1 : holdings.Max(h => h.Round) + 1;
        for (var attempt = 0; attempt < MaxReplans; attempt++, nextRound++)
        {
            if (attempt > 0)
            {
                balances = await ledger.ListBalancesAsync(cancellationToken);
            }

            var plan = FundingMatcher.Match(reference.Data, input.Partner, items, [.. balances.Select(b => new FundBalance(b.FundId, Math.Max(0, b.AvailableEur)))]);
            if (!plan.IsComplete)
            {
                return new ReserveOutput(false, Lines(plan), plan.ShortfallEur, [.. plan.Shortfalls.Select(s => new ShortfallDto(s.Item, s.Area, s.AmountEur))]);
            }

            var perFund = plan.PerFund();
            var taken = new List<Holding>();
            var lost = false;
            foreach (var (fundId, amount) in perFund)
            {
                var result = await ledger.ReserveAsync(fundId, input.RequestId, nextRound, amount, total, perFund.Count, input.At, cancellationToken);
                if (result == LedgerApply.Refused)
                {
                    lost = true;
                    TriageTelemetry.FundConflicts.Add(1, new KeyValuePair<string, object?>(TriageTelemetry.Tags.FundId, fundId));
                    logger.LogInformation("Request {RequestId} lost the race for fund {FundId} (round {Round}); re-planning", input.RequestId, fundId, nextRound);
                    break;
                }

                taken.Add(new Holding(fundId, input.RequestId, nextRound, amount, total, perFund.Count, HoldingState.Reserved));
            }

            if (!lost)
            {
                if (await IsSettlingAsync(input.RequestId, cancellationToken))
                {
                    logger.LogWarning("ReserveFunds for {RequestId} reserved while the request started settling; giving it back", input.RequestId);
                    await ReleaseAllAsync(taken, input.At, cancellationToken);
                    return new ReserveOutput(false, [], 0, []);
                }

                return new ReserveOutput(true, Lines(plan), 0, [], nextRound);
            }

            await ReleaseAllAsync(taken, input.At, cancellationToken);
        }

        throw new InvalidOperationException($"Request {input.RequestId}: the funds kept moving through {MaxReplans} plans; the activity will be retried.");
    }

    /// <summary>Commits every reservation the request holds (approved).</summary>
    public Task<FundsOutput> CommitAsync(FundsInput input, CancellationToken cancellationToken) =>
        SettleAsync(input, commit: true, cancellationToken);

    /// <summary>Releases every reservation the request holds (any other end).</summary>
    public Task<FundsOutput> ReleaseAsync(FundsInput input, CancellationToken cancellationToken) =>
        SettleAsync(input, commit: false, cancellationToken);

    private async Task<FundsOutput> SettleAsync(FundsInput input, bool commit, CancellationToken cancellationToken)
    {
        var balances = await ledger.ListBalancesAsync(cancellationToken);
        var holdings = await ledger.HoldingsAsync(input.RequestId, balances.Select(b => b.FundId), cancellationToken);
        var open = holdings.Where(h => h.State == HoldingState.Reserved).ToList();
        if (commit)
        {
            // Commit the round the orchestration's plan holds; a stray round (a duplicate run's) goes back.
            var toCommit = open.Where(h => input.Round is not { } round || round <= 0 || h.Round == round).ToList();
            foreach (var h in toCommit)
            {
                await ledger.CommitAsync(h, input.At, cancellationToken);
            }

            await ReleaseAllAsync(open.Except(toCommit), input.At, cancellationToken);
            open = toCommit;
        }
        else
        {
            await ReleaseAllAsync(open, input.At, cancellationToken);
        }

        return new FundsOutput(open.Count, open.Sum(h => h.AmountEur), [.. open.Select(h => h.FundId).Distinct().Order(StringComparer.Ordinal)]);
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
