using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Triage.Contracts;

namespace Triage.Storage;

/// <summary>The ledger invariant, checked by the tests after concurrency, retries and crashes.</summary>
public sealed partial class FundLedgerStore
{
    /// <summary>The ledger invariant, for every fund: capacity ≥ reserved + committed ≥ 0, and the
    /// balance equals the sums of the ledger. Returns the violations (empty when it holds).</summary>
    public async Task<IReadOnlyList<string>> CheckInvariantAsync(CancellationToken cancellationToken)
    {
        var byFund = new Dictionary<string, List<TableEntity>>(StringComparer.Ordinal);
        await foreach (var e in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            if (!byFund.TryGetValue(e.PartitionKey, out var list))
            {
                byFund[e.PartitionKey] = list = [];
            }

            list.Add(e);
        }

        var violations = new List<string>();
        foreach (var (fundId, rows) in byFund)
        {
            var balanceRow = rows.FirstOrDefault(r => r.RowKey == BalanceRowKey);
            if (balanceRow is null)
            {
                violations.Add($"{fundId}: ledger rows without a balance row");
                continue;
            }

            var b = ToBalance(balanceRow);
            var entries = rows.Where(r => r.RowKey != BalanceRowKey).ToList();
            var reserved = entries.Sum(r => r.Eur("ReservedDelta"));
            var committed = entries.Sum(r => r.Eur("CommittedDelta"));
            var capacity = b.BaseCapacityEur + entries.Sum(r => r.Eur("CapacityDelta"));
            if (b.ReservedEur < 0 || b.CommittedEur < 0)
            {
                violations.Add($"{fundId}: negative balance (reserved {b.ReservedEur}, committed {b.CommittedEur})");
            }

            if (b.CapacityEur < b.ReservedEur + b.CommittedEur)
            {
                violations.Add($"{fundId}: over-promised: capacity {b.CapacityEur} < reserved {b.ReservedEur} + committed {b.CommittedEur}");
            }

            if (reserved != b.ReservedEur || committed != b.CommittedEur || capacity != b.CapacityEur)
            {
                violations.Add($"{fundId}: balance (cap {b.CapacityEur}, res {b.ReservedEur}, com {b.CommittedEur}) != ledger (cap {capacity}, res {reserved}, com {committed})");
            }

            foreach (var twice in entries.Where(r => r.GetString("RequestId") is not null)
                         .GroupBy(r => (r.GetString("RequestId"), r.GetInt32("Round")))
                         .Where(g => g.Count(r => r.GetString("Kind") is nameof(LedgerKind.Commit) or nameof(LedgerKind.Release)) > 1))
            {
                violations.Add($"{fundId}: request {twice.Key.Item1} round {twice.Key.Item2} both committed and released");
            }

            foreach (var round in entries.Where(r => r.GetString("RequestId") is not null)
                         .GroupBy(r => (r.GetString("RequestId"), r.GetInt32("Round")))
                         .Where(g => g.Any(r => r.GetString("Kind") == nameof(LedgerKind.Reverse)) && !g.Any(r => r.GetString("Kind") == nameof(LedgerKind.Commit))))
            {
                violations.Add($"{fundId}: request {round.Key.Item1} round {round.Key.Item2} reversed without a commitment");
            }
        }

        return violations;
    }
}
