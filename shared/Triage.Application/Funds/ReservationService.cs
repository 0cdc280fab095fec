using Microsoft.Extensions.Logging;
using Triage.Domain;
using Triage.Application.Assessment;
using Triage.Contracts;
using Triage.Storage;
using Triage.Application.Telemetry;

namespace Triage.Application.Funds;

/// <summary>
/// Plans and reserves a request's funding, fund by fund, so nothing is promised that is not funded;
/// commits exactly the plan on approval and gives everything back on any other end.
/// <para>Reservations go in rounds (docs/decisions/0016). A round is claimed, with its plan, by an
/// insert-only row (<see cref="ReservationRoundStore"/>) before any money moves, and concluded once as
/// complete or abandoned. Two copies of the reserve activity running at once (a redelivered work item
/// while the first still runs) therefore never reserve two plans: the second finds the round claimed and
/// helps reserve the same plan, and the ledger refuses an entry whose amount or plan differs from the
/// one under its key. A round is only claimed after the one before it was abandoned, so at most one
/// round per request is complete, and money left in an abandoned round is given back by whichever copy
/// sees it.</para>
/// <para>A little over 300 lines on purpose: reserve, commit and release share the round and holding
/// rules, and the races between them read best in one place.</para>
/// </summary>
public sealed class ReservationService
{
    /// <summary>How many times a plan is redone after losing a race for a fund's money.</summary>
    public const int MaxReplans = 8;

    private readonly FundLedgerStore ledger;
    private readonly ReservationRoundStore rounds;
    private readonly RequestStore requests;
    private readonly RequestAssessor assessor;
    private readonly ILogger<ReservationService> logger;

    public ReservationService(FundLedgerStore ledger, ReservationRoundStore rounds, RequestStore requests, RequestAssessor assessor, ILogger<ReservationService> logger)
    {
        this.ledger = ledger;
        this.rounds = rounds;
        this.requests = requests;
        this.assessor = assessor;
        this.logger = logger;
    }

    /// <remarks>
    /// An activity can run again after its orchestration has moved on (at-least-once delivery: a work
    /// item the engine hands out a second time, e.g. after a crash), or twice at once. A late run must
    /// not reserve for a request that is settling or settled. The finalizing activities write the stage
    /// (Finalizing) before they scan the holdings; this method checks the stage before it plans and
    /// again after it reserved, and gives back what it took if the request is settling — so either the
    /// settle scan sees the new holding, or this check sees the settle.
    /// </remarks>
    public Task<Reservation> ReserveAsync(string requestId, string partner, IReadOnlyList<CostedItem> items, DateTimeOffset at, CancellationToken cancellationToken) =>
        ReserveAsync(requestId, partner, items, at, null, null, cancellationToken);

    /// <summary>As above, planning on <paramref name="data"/> (the request's reference data version;
    /// null: the current one). <paramref name="stored"/> is the request as the caller's write just left
    /// it, which the first check reads instead of the table (null: it reads the table). Only the check
    /// after reserving must see the latest row: it is the one that gives back what a settling request
    /// was reserved.</summary>
    public async Task<Reservation> ReserveAsync(string requestId, string partner, IReadOnlyList<CostedItem> items, DateTimeOffset at, ReferenceData? data, RequestRecord? stored, CancellationToken cancellationToken)
    {
        if (stored is not null ? IsSettling(stored) : await IsSettlingAsync(requestId, cancellationToken))
        {
            logger.LogWarning("ReserveFunds for {RequestId} ran after the request started settling; nothing reserved", requestId);
            return Reservation.None;
        }

        var balances = await assessor.BalancesAsync(cancellationToken);
        var plans = 0;
        for (var attempt = 0; attempt < MaxReplans * 3; attempt++)
        {
            // The rounds, then what they hold (point reads of the keys they and the next round name). Money
            // found in a round not read yet makes us read the rounds again: a round is claimed before its
            // money is reserved, so every round seen holding money is among the rounds read after the
            // holdings (and below the live one, if it is not the live one: abandoned, so its money may go back).
            var claimed = await rounds.ListAsync(requestId, cancellationToken);
            var holdings = await ledger.HoldingsAsync(requestId, claimed, assessor.FundIds, cancellationToken);
            if (holdings.Any(h => claimed.All(c => c.Round != h.Round)))
            {
                claimed = await rounds.ListAsync(requestId, cancellationToken);
            }

            var last = claimed.Count == 0 ? null : claimed[^1];
            var live = last is { State: not RoundState.Abandoned } ? last : null;

            // Money in any round but the live one (an abandoned round, a copy that died half-way) goes back.
            await ReleaseAllAsync(holdings.Where(h => h.State == HoldingState.Reserved && h.Round != live?.Round), at, cancellationToken);

            if (live is null)
            {
                if (plans++ == MaxReplans)
                {
                    break;
                }

                if (attempt > 0)
                {
                    balances = await assessor.BalancesAsync(cancellationToken);
                }

                var plan = assessor.Plan(data, partner, items, balances);
                if (!plan.IsComplete)
                {
                    return new Reservation(false, Lines(plan), plan.ShortfallEur, plan.Shortfalls);
                }

                // Past any round holding money, claimed or not (its entries stay, given back, under their
                // keys): at most one number is skipped, which ReservationRoundStore.ListAsync reads past.
                var next = Math.Max(last?.Round ?? 0, holdings.Count == 0 ? 0 : holdings.Max(h => h.Round)) + 1;
                var lines = Lines(plan);
                if (!await rounds.TryClaimAsync(requestId, next, lines, at, cancellationToken))
                {
                    // Another copy claimed this round first: help it reserve its plan.
                    continue;
                }

                live = new ReservationRound(requestId, next, lines, RoundState.Claimed, at);
            }

            if (live.State == RoundState.Claimed)
            {
                var lost = await ReserveRoundAsync(live, at, cancellationToken);
                var state = await rounds.ConcludeAsync(requestId, live.Round, lost ? RoundState.Abandoned : RoundState.Complete, cancellationToken);
                if (state == RoundState.Abandoned)
                {
                    // Abandoned, by this copy or another: give back what the round holds (read after the
                    // conclusion, so a copy still reserving either is seen here or sees the conclusion).
                    var inRound = await HoldingsAsync(requestId, cancellationToken);
                    await ReleaseAllAsync(inRound.Where(h => h.Round == live.Round && h.State == HoldingState.Reserved), at, cancellationToken);
                    continue;
                }
            }

            if (await IsSettlingAsync(requestId, cancellationToken))
            {
                logger.LogWarning("ReserveFunds for {RequestId} reserved while the request started settling; giving it back", requestId);
                var taken = await HoldingsAsync(requestId, cancellationToken);
                await ReleaseAllAsync(taken.Where(h => h.Round == live.Round && h.State == HoldingState.Reserved), at, cancellationToken);
                return Reservation.None;
            }

            return new Reservation(true, [.. live.Plan.OrderBy(p => p.FundId, StringComparer.Ordinal)], 0, [], live.Round);
        }

        throw new InvalidOperationException($"Request {requestId}: the funds kept moving through {MaxReplans} plans; the activity will be retried.");
    }

    /// <summary>Commits the reservation of <paramref name="round"/> (approved), after checking that it is
    /// exactly the plan: every fund of the round's plan reserved (or committed by an earlier run of this
    /// activity) for the plan's amount, and equal to <paramref name="plan"/> (what the approvers were
    /// shown) when given. Anything else the request still holds (a stray round) is released. A round
    /// that is not the plan throws: nothing is committed, and the orchestration ends the request Failed.
    /// No round (histories from before rounds were passed): the one round the request holds.</summary>
    public async Task<Settlement> CommitAsync(string requestId, int? round, IReadOnlyList<PlanLineView>? plan, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var holdings = await HoldingsAsync(requestId, cancellationToken);
        var target = round is > 0 ? round.Value
            : holdings.Where(h => h.State is HoldingState.Reserved or HoldingState.Committed).Select(h => h.Round).DefaultIfEmpty(0).Max();
        var inRound = holdings.Where(h => h.Round == target).ToList();
        var claim = await rounds.GetAsync(requestId, target, cancellationToken);
        var problem = CommitProblem(inRound, claim, plan);
        if (problem is not null)
        {
            logger.LogError("Request {RequestId}: refusing to commit round {Round}: {Problem}", requestId, target, problem);
            throw new InvalidOperationException($"Request {requestId}: round {target} is not the approved plan ({problem}); nothing was committed.");
        }

        var toCommit = inRound.Where(h => h.State == HoldingState.Reserved).ToList();
        foreach (var h in toCommit)
        {
            var result = await ledger.CommitAsync(h, at, cancellationToken);
            if (result is LedgerApply.Conflict or LedgerApply.Refused)
            {
                throw new InvalidOperationException($"Request {requestId}: the commit of {h.FundId} round {h.Round} was refused ({result}).");
            }
        }

        // A stray round (a duplicate run's) goes back.
        await ReleaseAllAsync(holdings.Where(h => h.Round != target && h.State == HoldingState.Reserved), at, cancellationToken);
        return new Settlement(toCommit.Count, toCommit.Sum(h => h.AmountEur), [.. toCommit.Select(h => h.FundId).Distinct().Order(StringComparer.Ordinal)]);
    }

    /// <summary>Releases every reservation the request holds (any end but approval). With
    /// <paramref name="reverseCommitments"/>, every commitment is reversed too: committed money of a
    /// request that is ending without approval (a commit that was refused half-way, or an orchestration
    /// stopped while finalizing, settled by the reconciler). Without it a commitment stays: a late copy
    /// of an old run's release must not undo the commitment of a newer run.</summary>
    public Task<Settlement> ReleaseAsync(string requestId, DateTimeOffset at, bool reverseCommitments, CancellationToken cancellationToken) =>
        ReleaseAsync(requestId, at, reverseCommitments, null, cancellationToken);

    /// <summary><see cref="ReleaseAsync(string, DateTimeOffset, bool, CancellationToken)"/>, naming the
    /// <paramref name="settlement"/> on the entries it writes (see <see cref="SettledAsync"/>).</summary>
    public async Task<Settlement> ReleaseAsync(string requestId, DateTimeOffset at, bool reverseCommitments, string? settlement, CancellationToken cancellationToken)
    {
        var holdings = await HoldingsAsync(requestId, cancellationToken);
        var reserved = holdings.Where(h => h.State == HoldingState.Reserved).ToList();
        var committed = reverseCommitments ? holdings.Where(h => h.State == HoldingState.Committed).ToList() : [];
        foreach (var h in reserved)
        {
            await ledger.ReleaseAsync(h, at, settlement, cancellationToken);
        }

        foreach (var h in committed)
        {
            logger.LogWarning("Request {RequestId} did not end approved: reversing its commitment of {Amount} in {FundId} (round {Round})", requestId, h.AmountEur, h.FundId, h.Round);
            await ledger.ReverseAsync(h, at, settlement, cancellationToken);
        }

        var settled = reserved.Concat(committed).ToList();
        return new Settlement(settled.Count, settled.Sum(h => h.AmountEur), [.. settled.Select(h => h.FundId).Distinct().Order(StringComparer.Ordinal)])
        {
            ReversedEur = committed.Sum(h => h.AmountEur),
        };
    }

    /// <summary>What the named <paramref name="settlement"/> gave back (released and reversed), whoever
    /// wrote its entries: two reconcilers of one request name the same settlement.</summary>
    public async Task<Settlement> SettledAsync(string requestId, string settlement, CancellationToken cancellationToken)
    {
        var holdings = await HoldingsAsync(requestId, cancellationToken);
        var settled = holdings.Where(h => h.Settlement == settlement && h.State is HoldingState.Released or HoldingState.Reversed).ToList();
        return new Settlement(settled.Count, settled.Sum(h => h.AmountEur), [.. settled.Select(h => h.FundId).Distinct().Order(StringComparer.Ordinal)])
        {
            ReversedEur = settled.Where(h => h.State == HoldingState.Reversed).Sum(h => h.AmountEur),
        };
    }

    /// <summary>Reserves every line of the round's plan; true when a fund could not pay (or holds
    /// another amount under the round's key).</summary>
    private async Task<bool> ReserveRoundAsync(ReservationRound round, DateTimeOffset at, CancellationToken cancellationToken)
    {
        foreach (var line in round.Plan)
        {
            var result = await ledger.ReserveAsync(line.FundId, round.RequestId, round.Round, line.AmountEur, round.TotalEur, round.Plan.Count, at, cancellationToken);
            if (result is LedgerApply.Refused or LedgerApply.Conflict)
            {
                TriageTelemetry.FundConflicts.Add(1, new KeyValuePair<string, object?>(TriageTelemetry.Tags.FundId, line.FundId));
                logger.LogInformation("Request {RequestId} could not reserve {FundId} in round {Round} ({Result}); abandoning the round", round.RequestId, line.FundId, round.Round, result);
                return true;
            }
        }

        return false;
    }

    /// <summary>Why <paramref name="inRound"/> is not the plan to commit; null when it is.</summary>
    private static string? CommitProblem(List<Holding> inRound, ReservationRound? claim, IReadOnlyList<PlanLineView>? plan)
    {
        if (inRound.Count == 0)
        {
            return "it holds nothing";
        }

        if (inRound.FirstOrDefault(h => h.State is HoldingState.Released or HoldingState.Reversed) is { } gone)
        {
            return $"{gone.FundId} was {gone.State.ToString().ToLowerInvariant()}";
        }

        if (claim is not null && claim.State != RoundState.Complete)
        {
            return $"the round is {claim.State.ToString().ToLowerInvariant()}";
        }

        var held = inRound.ToDictionary(h => h.FundId, h => h.AmountEur, StringComparer.Ordinal);
        if (claim is not null && !SameLines(held, claim.Plan))
        {
            return $"it holds {Describe(held)}, its plan is {Describe(claim.Plan)}";
        }

        if (claim is null && (inRound.Count != inRound[0].PlanFunds || inRound.Sum(h => h.AmountEur) != inRound[0].PlanTotalEur))
        {
            return $"it holds {Describe(held)} in {inRound.Count} fund(s), its plan is {inRound[0].PlanTotalEur} in {inRound[0].PlanFunds}";
        }

        if (plan is not null && !SameLines(held, plan))
        {
            return $"it holds {Describe(held)}, the approved plan is {Describe(plan)}";
        }

        return null;
    }

    private static bool SameLines(Dictionary<string, decimal> held, IReadOnlyList<PlanLineView> plan)
    {
        var wanted = plan.GroupBy(p => p.FundId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(p => p.AmountEur), StringComparer.Ordinal);
        return wanted.Count == held.Count && wanted.All(w => held.TryGetValue(w.Key, out var amount) && amount == w.Value);
    }

    private static string Describe(IEnumerable<KeyValuePair<string, decimal>> lines) =>
        "{" + string.Join(", ", lines.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}: {l.Value:0}")) + "}";

    private static string Describe(IReadOnlyList<PlanLineView> plan) =>
        Describe(plan.Select(p => new KeyValuePair<string, decimal>(p.FundId, p.AmountEur)));

    private async Task<bool> IsSettlingAsync(string requestId, CancellationToken cancellationToken) =>
        await requests.GetAsync(requestId, cancellationToken) is { } record && IsSettling(record);

    private static bool IsSettling(RequestRecord record) =>
        record.Outcome is not null || record.Stage is Stage.Finalizing or Stage.Completed;

    /// <summary>What the request holds in its rounds (point reads; see <see cref="FundLedgerStore"/>).</summary>
    private async Task<IReadOnlyList<Holding>> HoldingsAsync(string requestId, CancellationToken cancellationToken) =>
        await ledger.HoldingsAsync(requestId, await rounds.ListAsync(requestId, cancellationToken), assessor.FundIds, cancellationToken);

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
