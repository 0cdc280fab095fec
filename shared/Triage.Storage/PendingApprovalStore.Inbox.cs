using System.Globalization;
using Azure.Data.Tables;

namespace Triage.Storage;

/// <summary>The inbox's read of the index: the partitions of the caller's steps, ordered by position.</summary>
public sealed partial class PendingApprovalStore
{
    /// <summary>Up to <paramref name="pageSize"/> entries of the given steps after the position
    /// <paramref name="after"/>, oldest first across the steps; <paramref name="escalatedOnly"/> steps only
    /// where escalated to <paramref name="deputy"/>. The continuation is the position of the last entry
    /// returned when more follow.
    /// <para>Rows are keyed by request id, not by position, so each step's partition is read whole (from
    /// a second before the cursor's start time on: the table filters on <c>Since</c>, which every row has)
    /// and ordered here; one partition query per step, never a scan.</para></summary>
    public async Task<(IReadOnlyList<PendingApproval> Items, string? Continuation)> PageAsync(
        IReadOnlyCollection<string> steps, IReadOnlyCollection<string> escalatedOnly, string? deputy, string? after, int pageSize, CancellationToken cancellationToken)
    {
        var found = new List<PendingApproval>();
        foreach (var step in steps.Concat(escalatedOnly.Except(steps, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal))
        {
            var deputyOnly = !steps.Contains(step);
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {step}");
            if (NotBefore(after) is { } from)
            {
                filter += " and " + TableClient.CreateQueryFilter($"Since ge {from}");
            }

            if (deputyOnly)
            {
                filter += " and Escalated eq true";
            }

            var rows = new List<PendingApproval>();
            await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
            {
                rows.Add(ToEntry(e));
            }

            found.AddRange(OnePerRequest(rows).Where(entry =>
                (after is null || string.CompareOrdinal(entry.Position, after) > 0)
                && (!deputyOnly || (deputy is not null && entry.EscalatedTo.Contains(deputy, StringComparer.Ordinal)))));
        }

        var page = found.OrderBy(f => f.Position, StringComparer.Ordinal).ThenBy(f => f.Step, StringComparer.Ordinal).Take(pageSize + 1).ToList();
        return page.Count > pageSize ? (page[..pageSize], page[pageSize - 1].Position) : (page, null);
    }

    /// <summary>A step's entry per request: where a row of an earlier version (keyed by position) is still
    /// there beside the current one, or two such rows are, the current one, else the latest start (the
    /// reconciler's sweep removes the others).</summary>
    private static IEnumerable<PendingApproval> OnePerRequest(IEnumerable<PendingApproval> rows) =>
        rows.GroupBy(r => r.RequestId, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(r => r.Key == r.RequestId).ThenByDescending(r => r.Since).First());

    /// <summary>The earliest start time an entry after <paramref name="after"/> can have, a second early
    /// (the cursor is exact to the tick; the table's filter need not be); null to read from the start.</summary>
    private static DateTimeOffset? NotBefore(string? after)
    {
        if (after is null || !long.TryParse(after.AsSpan(0, 19), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks - TimeSpan.TicksPerSecond < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return null;
        }

        return new DateTimeOffset(ticks - TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }
}
