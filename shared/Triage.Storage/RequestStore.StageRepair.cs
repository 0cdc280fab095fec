using Azure.Data.Tables;

namespace Triage.Storage;

/// <summary>The repair of the <c>RequestsByStage</c> index (the reconciler's full sweep).</summary>
public sealed partial class RequestStore
{
    /// <summary>The columns of a request row that say where it is indexed and what its index row holds.</summary>
    private static readonly string[] StageColumns = ["PartitionKey", "RowKey", "Stage", "Outcome", "StageSince", "SubmittedAt", "Areas", "ReferenceVersion"];

    /// <summary>
    /// Makes the stage index agree with the request rows: a request without a row where it stands (a
    /// request stored before the index was kept) gets one; a row that is not its request's place (a crash
    /// between the index and the request row left it behind) is removed. Reads the keys of the whole
    /// index and a few columns of every request, a table page per thousand rows; a row that looks wrong
    /// is read again by a point read before it is removed. Rows on either side changed after
    /// <paramref name="settledBefore"/> are left alone: a move may be under way (its new index row is
    /// written before the request row, the old one removed after), and the next repair sees it settled.
    /// </summary>
    public async Task<StageIndexRepair> RepairStageIndexAsync(DateTimeOffset settledBefore, CancellationToken cancellationToken)
    {
        var indexed = new Dictionary<(string Partition, string RowKey), DateTimeOffset?>();
        await foreach (var e in byStage.QueryAsync<TableEntity>(filter: (string?)null, 1000, ["PartitionKey", "RowKey", "Timestamp"], cancellationToken))
        {
            indexed[(e.PartitionKey, e.RowKey)] = e.Timestamp;
        }

        var places = new HashSet<(string Partition, string RowKey)>();
        var written = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter: (string?)null, 1000, [.. StageColumns, "Timestamp"], cancellationToken))
        {
            var place = StageKeyOf(row);
            places.Add(place);
            if (!indexed.ContainsKey(place) && row.Timestamp < settledBefore)
            {
                await IndexStageAsync(place, row, cancellationToken);
                written++;
            }
        }

        var removed = 0;
        foreach (var key in indexed.Where(i => !places.Contains(i.Key) && i.Value < settledBefore).Select(i => i.Key))
        {
            var id = RequestIdOf(key.RowKey);
            if (await table.FindAsync(PartnerOf(id), id, cancellationToken) is not { } row || StageKeyOf(row) != key)
            {
                await UnindexStageAsync(key, cancellationToken);
                removed++;
            }
        }

        return new StageIndexRepair(written, removed);
    }

    /// <summary>Indexes a stored request row at <paramref name="key"/> (its place), from its own columns.</summary>
    private Task IndexStageAsync((string Partition, string RowKey) key, TableEntity row, CancellationToken cancellationToken) =>
        IndexStageAsync(key, row.RowKey, row.PartitionKey, row.GetString("Areas"), row.GetDateTimeOffset("SubmittedAt") ?? default,
            row.GetDateTimeOffset("StageSince") ?? row.GetDateTimeOffset("SubmittedAt") ?? default, row.GetInt32("ReferenceVersion"), cancellationToken);
}
