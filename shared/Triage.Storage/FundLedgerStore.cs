using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Triage.Contracts;

namespace Triage.Storage;

/// <summary>
/// The money. Table <c>FundLedger</c>, one partition per fund holding both the fund's balance row
/// (<c>RowKey = "fund"</c>: capacity, reserved, committed) and its ledger rows
/// (<c>RowKey = "{requestId}:{round:D3}:reserve"</c> and <c>":settle"</c> for its commit or release,
/// <c>"contribution:{id}"</c> for contributions). An entity-group transaction spans one partition of
/// one table, so the balance lives beside its ledger (docs/decisions/0001); the fund's description (name,
/// lead nations, who it may pay for) is reference data.
/// <para>Every change is one <c>SubmitTransactionAsync</c>: a merge of the balance row under its ETag
/// plus an insert of the ledger row. The ledger row key is derived from request + round + kind, so a
/// replayed activity finds its row and changes nothing — when the row holds the same change (kind,
/// amount, plan); a row under the key with other content is a <see cref="LedgerApply.Conflict"/>, never
/// taken for a replay. A concurrent writer makes the ETag fail and we re-read. Each entry also records
/// the balance right after it (<c>CapacityAfterEur</c>, <c>ReservedAfterEur</c>, <c>CommittedAfterEur</c>). Hence, per fund and at every moment: capacity ≥ reserved + committed, and reserved and
/// committed are the sums of the ledger's deltas (<see cref="CheckInvariantAsync"/>).</para>
/// </summary>
public sealed partial class FundLedgerStore
{
    public const string BalanceRowKey = "fund";
    private const string ContributionPrefix = "contribution:";
    private const int MaxContentionRetries = 200;

    /// <summary>The properties that say what an entry changes: equal in a replay of the same change.</summary>
    private static readonly string[] Identity =
        ["Kind", "RequestId", "Round", "AmountEur", "PlanTotalEur", "PlanFunds", "CapacityDelta", "ReservedDelta", "CommittedDelta", "Contributor", "Note"];

    private readonly TableClient table;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.Ordinal);

    public FundLedgerStore(StorageClients storage)
    {
        table = storage.Table(storage.Names.FundLedger);
    }

    /// <summary>Commit and release share one key (<c>settle</c>): a holding is settled once, one way —
    /// a commit and a release of the same reservation cannot both be written, whoever runs first.</summary>
    public static string EntryKey(string requestId, int round, LedgerKind kind) =>
        $"{requestId}:{round:D3}:{(kind is LedgerKind.Commit or LedgerKind.Release ? "settle" : kind.ToString().ToLowerInvariant())}";

    /// <summary>The row key of a contribution.</summary>
    public static string ContributionKey(string contributionId) => ContributionPrefix + contributionId;

    /// <summary>Creates the balance row if missing (seeding; never overwrites a live balance).</summary>
    public async Task EnsureFundAsync(string fundId, decimal capacityEur, CancellationToken cancellationToken)
    {
        var row = new TableEntity(fundId, BalanceRowKey)
        {
            ["CapacityEur"] = TableExtensions.ToEur(capacityEur),
            ["BaseCapacityEur"] = TableExtensions.ToEur(capacityEur),
            ["ReservedEur"] = 0L,
            ["CommittedEur"] = 0L,
        };
        await table.TryAddAsync(row, cancellationToken);
    }

    /// <summary>The balances of the named funds (the reference data's), by point reads of their balance
    /// rows, in the order given; a fund without a balance row is left out. Never a scan: the ledger rows
    /// beside the balances grow with every request.</summary>
    public async Task<IReadOnlyList<FundBalanceRow>> BalancesAsync(IEnumerable<string> fundIds, CancellationToken cancellationToken)
    {
        var rows = await Task.WhenAll(fundIds.Distinct(StringComparer.Ordinal).Where(TableExtensions.IsValidKey).Select(id => table.FindAsync(id, BalanceRowKey, cancellationToken)));
        return [.. rows.OfType<TableEntity>().Select(ToBalance)];
    }

    /// <summary>Every balance row, by a scan of the whole ledger: for checks and tests, never a
    /// request's path (<see cref="BalancesAsync"/>).</summary>
    public async Task<IReadOnlyList<FundBalanceRow>> ListBalancesAsync(CancellationToken cancellationToken)
    {
        var result = new List<FundBalanceRow>();
        await foreach (var e in table.QueryAsync<TableEntity>(e => e.RowKey == BalanceRowKey, cancellationToken: cancellationToken))
        {
            result.Add(ToBalance(e));
        }

        return result;
    }

    public async Task<FundBalanceRow?> GetBalanceAsync(string fundId, CancellationToken cancellationToken)
    {
        if (!TableExtensions.IsValidKey(fundId))
        {
            return null;
        }

        var e = await table.FindAsync(fundId, BalanceRowKey, cancellationToken);
        return e is null ? null : ToBalance(e);
    }

    /// <summary>What the request holds, one entry per (fund, round), by point reads of ledger keys: for
    /// each claimed round and the one after it, the reserve entry in each of <paramref name="fundIds"/>
    /// and of the round's plan, then the settle and reverse entries of those found. Money moves only in a
    /// claimed round and in its plan's funds, so this finds every holding without scanning the ledger;
    /// the extra funds and round catch an entry a copy of the activity might have written outside them.</summary>
    public async Task<IReadOnlyList<Holding>> HoldingsAsync(string requestId, IReadOnlyList<ReservationRound> rounds, IEnumerable<string> fundIds, CancellationToken cancellationToken)
    {
        var funds = fundIds.ToList();
        var keys = Enumerable.Range(1, (rounds.Count == 0 ? 0 : rounds.Max(r => r.Round)) + 1)
            .SelectMany(round => funds.Concat(rounds.FirstOrDefault(r => r.Round == round)?.Plan.Select(p => p.FundId) ?? []).Select(fundId => (FundId: fundId, Round: round)))
            .Distinct()
            .Where(k => TableExtensions.IsValidKey(k.FundId))
            .ToList();
        var found = await Task.WhenAll(keys.Select(async k =>
        {
            var reserve = await table.FindAsync(k.FundId, EntryKey(requestId, k.Round, LedgerKind.Reserve), cancellationToken);
            if (reserve is null)
            {
                return null;
            }

            var after = await Task.WhenAll(
                table.FindAsync(k.FundId, EntryKey(requestId, k.Round, LedgerKind.Release), cancellationToken),
                table.FindAsync(k.FundId, EntryKey(requestId, k.Round, LedgerKind.Reverse), cancellationToken));
            return ToHolding(k.FundId, requestId, k.Round, [reserve, .. after.OfType<TableEntity>()]);
        }));
        return [.. found.OfType<Holding>()];
    }

    /// <summary>Everything this request has had in the given funds, one entry per (fund, round), by a
    /// range query per fund: for checks and tests (it finds entries written without a round too); the
    /// reservation paths use <see cref="HoldingsAsync(string, IReadOnlyList{ReservationRound}, IEnumerable{string}, CancellationToken)"/>.</summary>
    public async Task<IReadOnlyList<Holding>> HoldingsAsync(string requestId, IEnumerable<string> fundIds, CancellationToken cancellationToken)
    {
        var from = requestId + ":";
        var to = requestId + ";"; // ';' sorts right after ':'
        var perFund = await Task.WhenAll(fundIds.Distinct(StringComparer.Ordinal).Select(async fundId =>
        {
            var rows = new List<TableEntity>();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {fundId} and RowKey ge {from} and RowKey lt {to}");
            await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                rows.Add(e);
            }

            return rows;
        }));

        return [.. perFund.SelectMany(rows => rows.GroupBy(r => (r.PartitionKey, Round: r.GetInt32("Round") ?? 0)))
            .Select(round => ToHolding(round.Key.PartitionKey, requestId, round.Key.Round, [.. round]))
            .OfType<Holding>()];
    }

    /// <summary>One (fund, round) holding from its ledger entries; null without a reserve entry.</summary>
    private static Holding? ToHolding(string fundId, string requestId, int round, IReadOnlyList<TableEntity> entries)
    {
        var reserve = entries.FirstOrDefault(r => r.GetString("Kind") == nameof(LedgerKind.Reserve));
        if (reserve is null)
        {
            return null;
        }

        var last = entries.FirstOrDefault(r => r.GetString("Kind") == nameof(LedgerKind.Reverse))
            ?? entries.FirstOrDefault(r => r.GetString("Kind") is nameof(LedgerKind.Commit) or nameof(LedgerKind.Release));
        var state = entries.Any(r => r.GetString("Kind") == nameof(LedgerKind.Reverse)) ? HoldingState.Reversed
            : entries.Any(r => r.GetString("Kind") == nameof(LedgerKind.Commit)) ? HoldingState.Committed
            : entries.Any(r => r.GetString("Kind") == nameof(LedgerKind.Release)) ? HoldingState.Released
            : HoldingState.Reserved;
        return new Holding(fundId, requestId, round, reserve.Eur("AmountEur"), reserve.Eur("PlanTotalEur"), reserve.GetInt32("PlanFunds") ?? 1, state)
        {
            Settlement = last?.GetString("Settlement"),
        };
    }

    /// <summary>Reserves <paramref name="amountEur"/> of the fund for the request, if available.</summary>
    public Task<LedgerApply> ReserveAsync(string fundId, string requestId, int round, decimal amountEur, decimal planTotalEur, int planFunds, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var entry = Entry(fundId, EntryKey(requestId, round, LedgerKind.Reserve), LedgerKind.Reserve, requestId, round, amountEur, at);
        entry["PlanTotalEur"] = TableExtensions.ToEur(planTotalEur);
        entry["PlanFunds"] = planFunds;
        entry["ReservedDelta"] = TableExtensions.ToEur(amountEur);
        return ApplyAsync(fundId, entry, b => b.AvailableEur >= amountEur ? b with { ReservedEur = b.ReservedEur + amountEur } : null, cancellationToken);
    }

    /// <summary>Turns a reservation into a commitment (approved).</summary>
    public Task<LedgerApply> CommitAsync(Holding holding, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var entry = Entry(holding.FundId, EntryKey(holding.RequestId, holding.Round, LedgerKind.Commit), LedgerKind.Commit, holding.RequestId, holding.Round, holding.AmountEur, at);
        entry["ReservedDelta"] = -TableExtensions.ToEur(holding.AmountEur);
        entry["CommittedDelta"] = TableExtensions.ToEur(holding.AmountEur);
        return ApplyAsync(holding.FundId, entry, b => b with { ReservedEur = b.ReservedEur - holding.AmountEur, CommittedEur = b.CommittedEur + holding.AmountEur }, cancellationToken);
    }

    /// <summary>Gives a reservation back (any end but approval, or a lost race before a re-plan).</summary>
    public Task<LedgerApply> ReleaseAsync(Holding holding, DateTimeOffset at, CancellationToken cancellationToken) =>
        ReleaseAsync(holding, at, null, cancellationToken);

    /// <summary>Gives a reservation back, naming the <paramref name="settlement"/> it is part of (kept on
    /// the entry, not part of what makes a replay the same change).</summary>
    public Task<LedgerApply> ReleaseAsync(Holding holding, DateTimeOffset at, string? settlement, CancellationToken cancellationToken)
    {
        var entry = Entry(holding.FundId, EntryKey(holding.RequestId, holding.Round, LedgerKind.Release), LedgerKind.Release, holding.RequestId, holding.Round, holding.AmountEur, at);
        entry["ReservedDelta"] = -TableExtensions.ToEur(holding.AmountEur);
        entry["Settlement"] = settlement;
        return ApplyAsync(holding.FundId, entry, b => b with { ReservedEur = b.ReservedEur - holding.AmountEur }, cancellationToken);
    }

    /// <summary>Gives a commitment back (<see cref="LedgerKind.Reverse"/>): the money committed to a
    /// request that did not end approved returns to the fund. Once per committed round.</summary>
    public Task<LedgerApply> ReverseAsync(Holding holding, DateTimeOffset at, string? settlement, CancellationToken cancellationToken)
    {
        var entry = Entry(holding.FundId, EntryKey(holding.RequestId, holding.Round, LedgerKind.Reverse), LedgerKind.Reverse, holding.RequestId, holding.Round, holding.AmountEur, at);
        entry["CommittedDelta"] = -TableExtensions.ToEur(holding.AmountEur);
        entry["Settlement"] = settlement;
        return ApplyAsync(holding.FundId, entry, b => b.CommittedEur >= holding.AmountEur ? b with { CommittedEur = b.CommittedEur - holding.AmountEur } : null, cancellationToken);
    }

    /// <summary>Raises the fund's capacity by a contribution; the id makes a retried call a no-op (the
    /// same id with another amount, contributor or note is a <see cref="LedgerApply.Conflict"/>).</summary>
    public Task<LedgerApply> ContributeAsync(string fundId, string contributionId, decimal amountEur, string contributor, string recordedBy, string? note, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var entry = Entry(fundId, ContributionKey(contributionId), LedgerKind.Contribution, null, 0, amountEur, at);
        entry["CapacityDelta"] = TableExtensions.ToEur(amountEur);
        entry["Contributor"] = contributor;
        entry["RecordedBy"] = recordedBy;
        entry["Note"] = note;
        return ApplyAsync(fundId, entry, b => b with { CapacityEur = b.CapacityEur + amountEur }, cancellationToken);
    }

    /// <summary>A recorded contribution and the fund's balance right after it; null when there is none.</summary>
    public async Task<ContributionEntry?> GetContributionAsync(string fundId, string contributionId, CancellationToken cancellationToken)
    {
        if (!TableExtensions.IsValidKey(fundId))
        {
            return null;
        }

        var e = await table.FindAsync(fundId, ContributionKey(contributionId), cancellationToken);
        if (e is null)
        {
            return null;
        }

        var after = e.GetInt64("CapacityAfterEur") is null
            ? null
            : new FundBalanceRow(fundId, e.Eur("CapacityAfterEur"), e.Eur("ReservedAfterEur"), e.Eur("CommittedAfterEur"), 0);
        return new ContributionEntry(fundId, contributionId, e.Eur("AmountEur"), e.GetString("Contributor") ?? "", e.GetString("Note"), e.GetDateTimeOffset("At") ?? default, after);
    }

    private static TableEntity Entry(string fundId, string rowKey, LedgerKind kind, string? requestId, int round, decimal amountEur, DateTimeOffset at) =>
        new(fundId, rowKey)
        {
            ["Kind"] = kind.ToString(),
            ["RequestId"] = requestId,
            ["Round"] = round,
            ["AmountEur"] = TableExtensions.ToEur(amountEur),
            ["At"] = at,
        };

    private async Task<LedgerApply> ApplyAsync(string fundId, TableEntity entry, Func<FundBalanceRow, FundBalanceRow?> change, CancellationToken cancellationToken)
    {
        // Writers to one fund in this process take turns: the ETag still guards against other
        // processes (scale-out), but a local queue beats a storm of failed transactions on a hot fund.
        var gate = gates.GetOrAdd(fundId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await ApplyUnderGateAsync(fundId, entry, change, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<LedgerApply> ApplyUnderGateAsync(string fundId, TableEntity entry, Func<FundBalanceRow, FundBalanceRow?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await table.FindAsync(fundId, BalanceRowKey, cancellationToken);
            if (current is null)
            {
                return LedgerApply.Refused;
            }

            var next = change(ToBalance(current));
            if (next is null)
            {
                // Refused now; but if our entry is there already, this is a replay of a change that was made.
                return await table.FindAsync(fundId, entry.RowKey, cancellationToken) is { } existing ? Replay(existing, entry) : LedgerApply.Refused;
            }

            entry["CapacityAfterEur"] = TableExtensions.ToEur(next.CapacityEur);
            entry["ReservedAfterEur"] = TableExtensions.ToEur(next.ReservedEur);
            entry["CommittedAfterEur"] = TableExtensions.ToEur(next.CommittedEur);

            var balance = new TableEntity(fundId, BalanceRowKey)
            {
                ["CapacityEur"] = TableExtensions.ToEur(next.CapacityEur),
                ["ReservedEur"] = TableExtensions.ToEur(next.ReservedEur),
                ["CommittedEur"] = TableExtensions.ToEur(next.CommittedEur),
            };
            try
            {
                // The insert of the entry fails with 409 when it exists: a replay, and the whole
                // transaction (the balance change too) is rolled back.
                await table.SubmitTransactionAsync(
                    [
                        new TableTransactionAction(TableTransactionActionType.UpdateMerge, balance, current.ETag),
                        new TableTransactionAction(TableTransactionActionType.Add, entry),
                    ],
                    cancellationToken);
                return LedgerApply.Applied;
            }
            catch (RequestFailedException ex) when (ex.Status == 409 && ex is TableTransactionFailedException { FailedTransactionActionIndex: 1 })
            {
                var existing = await table.FindAsync(fundId, entry.RowKey, cancellationToken)
                    ?? throw new InvalidOperationException($"Ledger row {fundId}/{entry.RowKey} was reported to exist but cannot be read.");
                return Replay(existing, entry);
            }
            catch (RequestFailedException ex) when ((ex.Status is 412 or 409) && attempt < MaxContentionRetries)
            {
                // Another process changed the balance since we read it (or our entry exists and the
                // service reported the ETag first): read again. Jittered back-off spreads the herd.
                TriageTelemetry.FundConflicts.Add(1, new KeyValuePair<string, object?>(TriageTelemetry.Tags.FundId, fundId));
                await Task.Delay(Random.Shared.Next(2, 10 + Math.Min(attempt, 10) * 10), cancellationToken);
            }
        }
    }

    /// <summary>An entry under our key exists: the same change (a replay) or another one (a conflict:
    /// another amount, plan or kind under the key — e.g. a release of a round that was committed).</summary>
    private static LedgerApply Replay(TableEntity stored, TableEntity entry) =>
        Identity.All(p => Equals(Value(stored, p), Value(entry, p))) ? LedgerApply.AlreadyApplied : LedgerApply.Conflict;

    // A null property is not stored at all, so absent and null are the same.
    private static object? Value(TableEntity e, string property) => e.TryGetValue(property, out var value) ? value : null;

    private static FundBalanceRow ToBalance(TableEntity e) =>
        new(e.PartitionKey, e.Eur("CapacityEur"), e.Eur("ReservedEur"), e.Eur("CommittedEur"), e.Eur("BaseCapacityEur"));
}
