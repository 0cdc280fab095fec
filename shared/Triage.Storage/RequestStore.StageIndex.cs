using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Triage.Contracts;
using Triage.Domain;

namespace Triage.Storage;

/// <summary>
/// The <c>RequestsByStage</c> index: one row per request, in the partition of its stage (a finished
/// request: <c>Completed.{Outcome}</c>), row key <c>{ticks since it got there, D19}-{request id}</c>, so
/// a partition lists its requests longest-waiting first. It serves the admin list by stage or outcome,
/// the pipeline report and the waking of requests waiting for funds, each with partition queries of a
/// table whose rows are small, never a scan of <c>Requests</c>.
/// <para>Kept in step on the request row's own write path: the row for the new stage is written
/// before the request row, the old one removed after it. A crash in between leaves a request in two
/// partitions at most (never in none); readers that show requests read the request row and skip an
/// index row that is not its current place, and a spurious wake of a request that no longer waits is
/// harmless.</para>
/// </summary>
public sealed partial class RequestStore
{
    /// <summary>The open stages, in pipeline order, then every outcome: the partitions a listing
    /// without a stage or outcome visits, in that order.</summary>
    public static readonly IReadOnlyList<string> StagePartitions =
        [.. Enum.GetValues<Stage>().Where(s => s != Stage.Completed).Select(s => s.ToString()), .. Enum.GetValues<Outcome>().Select(OutcomePartition)];

    /// <summary>The index partition of a request at <paramref name="stage"/> with <paramref name="outcome"/>.</summary>
    public static string StagePartition(Stage stage, Outcome? outcome) => outcome is { } o ? OutcomePartition(o) : stage.ToString();

    /// <summary>The partitions a list query by stage and outcome visits (none when the two cannot both hold).</summary>
    public static IReadOnlyList<string> PartitionsFor(Stage? stage, Outcome? outcome) => (stage, outcome) switch
    {
        (null, null) => StagePartitions,
        (_, { } o) when stage is null or Stage.Completed => [OutcomePartition(o)],
        (Stage.Completed, null) => [.. Enum.GetValues<Outcome>().Select(OutcomePartition)],
        ({ } s, null) => [s.ToString()],
        _ => [],
    };

    /// <summary>The index rows of the given partitions (whole partitions, each in its order, one after
    /// the other): for small partitions, such as the requests waiting for funds.</summary>
    public async Task<IReadOnlyList<StageIndexEntry>> InPartitionsAsync(IEnumerable<string> partitions, CancellationToken cancellationToken)
    {
        var result = new List<StageIndexEntry>();
        foreach (var partition in partitions)
        {
            await foreach (var e in byStage.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken))
            {
                result.Add(ToEntry(e));
            }
        }

        return result;
    }

    /// <summary>The first <paramref name="count"/> rows of a partition (the longest there).</summary>
    public async Task<IReadOnlyList<StageIndexEntry>> FirstInPartitionAsync(string partition, int count, CancellationToken cancellationToken)
    {
        var pages = byStage.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), count, cancellationToken: cancellationToken).AsPages(null, count);
        await foreach (var page in pages)
        {
            return [.. page.Values.Take(count).Select(ToEntry)];
        }

        return [];
    }

    /// <summary>How many requests each partition holds (reading keys only). A request found in two places
    /// (a crash between the index and its row left one behind) is counted once, where its row says it
    /// is: one point read per such request.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountByStageAsync(CancellationToken cancellationToken)
    {
        var rows = await Task.WhenAll(StagePartitions.Select(async partition =>
        {
            var keys = new List<string>();
            await foreach (var e in byStage.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), 1000, ["RowKey"], cancellationToken))
            {
                keys.Add(e.RowKey);
            }

            return (Partition: partition, Keys: keys);
        }));
        var twice = rows.SelectMany(r => r.Keys.Select(RequestIdOf)).GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var places = new HashSet<(string Partition, string RowKey)>();
        foreach (var id in twice)
        {
            if (await table.FindAsync(PartnerOf(id), id, cancellationToken) is { } row)
            {
                places.Add(StageKeyOf(row));
            }
        }

        return rows.ToDictionary(r => r.Partition, r => r.Keys.Count(k => !twice.Contains(RequestIdOf(k)) || places.Contains((r.Partition, k))), StringComparer.Ordinal);
    }

    /// <summary>How many rows a partition holds, counting no further than <paramref name="atMost"/>
    /// (reading keys only): a caller that only compares with a limit reads one page, however many wait.</summary>
    public async Task<int> CountInPartitionAsync(string partition, int atMost, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var _ in byStage.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), Math.Clamp(atMost, 1, 1000), ["RowKey"], cancellationToken))
        {
            if (++count >= atMost)
            {
                break;
            }
        }

        return count;
    }

    /// <summary>One page of a list query served from the index: the partitions of its stage and
    /// outcome, one after the other, filtered by partner and submission date within each; the
    /// requests read by point reads (rows whose request has moved on are left out). The continuation
    /// names the partition and the table's continuation within it.</summary>
    private async Task<(IReadOnlyList<RequestRecord> Items, string? Continuation)> IndexPageAsync(RequestQuery query, CancellationToken cancellationToken)
    {
        var partitions = PartitionsFor(query.Stage, query.Outcome);
        var (index, token) = ParseContinuation(query.Continuation);
        var items = new List<RequestRecord>();
        for (; index < partitions.Count; index++, token = null)
        {
            var filters = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {partitions[index]}") };
            if (!string.IsNullOrEmpty(query.Partner))
            {
                filters.Add(TableClient.CreateQueryFilter($"Partner eq {query.Partner}"));
            }

            if (query.From is { } from)
            {
                filters.Add(TableClient.CreateQueryFilter($"SubmittedAt ge {from}"));
            }

            if (query.To is { } to)
            {
                filters.Add(TableClient.CreateQueryFilter($"SubmittedAt lt {to}"));
            }

            // One table page per partition, as large as the page still needs; a partition with more
            // ends the page (its continuation is the page's), one without goes on to the next.
            var wanted = query.PageSize - items.Count;
            var pages = byStage.QueryAsync<TableEntity>(string.Join(" and ", filters), wanted, cancellationToken: cancellationToken).AsPages(token, wanted);
            await foreach (var page in pages)
            {
                var rows = await Task.WhenAll(page.Values.Select(e => table.FindAsync(e.GetString("Partner") ?? "", e.GetString("RequestId") ?? "", cancellationToken)));
                items.AddRange(page.Values.Zip(rows)
                    .Where(x => x.Second is not null && StageKeyOf(x.Second) == (x.First.PartitionKey, x.First.RowKey))
                    .Select(x => ToRecord(x.Second!)));
                if (page.ContinuationToken is not null)
                {
                    return (items, $"{index}:{page.ContinuationToken}");
                }

                break;
            }

            if (items.Count >= query.PageSize)
            {
                return (items, index + 1 < partitions.Count ? $"{index + 1}:" : null);
            }
        }

        return (items, null);
    }

    private static (int Index, string? Token) ParseContinuation(string? continuation)
    {
        if (string.IsNullOrEmpty(continuation))
        {
            return (0, null);
        }

        var colon = continuation.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && int.TryParse(continuation.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? (index, continuation[(colon + 1)..] is { Length: > 0 } token ? token : null)
            : (int.MaxValue, null); // not one of ours: nothing follows it
    }

    /// <summary>Where the stored request row is indexed: its stage's partition and the time it got there
    /// (rows written before the index was kept: the submission time).</summary>
    private static (string Partition, string RowKey) StageKeyOf(TableEntity row)
    {
        var stage = Enum.Parse<Stage>(row.GetString("Stage") ?? nameof(Stage.Received));
        var outcome = row.GetString("Outcome") is { Length: > 0 } o ? Enum.Parse<Outcome>(o) : (Outcome?)null;
        var since = row.GetDateTimeOffset("StageSince") ?? row.GetDateTimeOffset("SubmittedAt") ?? default;
        return (StagePartition(stage, outcome), StageRowKey(since, row.RowKey));
    }

    private static string StageRowKey(DateTimeOffset since, string requestId) =>
        since.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "-" + requestId;

    /// <summary>The request id in a row key of the index (after <c>{ticks:D19}-</c>).</summary>
    private static string RequestIdOf(string stageRowKey) => stageRowKey.Length > 20 ? stageRowKey[20..] : stageRowKey;

    private async Task IndexStageAsync((string Partition, string RowKey) key, string requestId, string partner, string? areas, DateTimeOffset submittedAt, DateTimeOffset since, int? referenceVersion, CancellationToken cancellationToken) =>
        await byStage.UpsertEntityAsync(
            new TableEntity(key.Partition, key.RowKey)
            {
                ["RequestId"] = requestId,
                ["Partner"] = partner,
                ["Areas"] = areas ?? "",
                ["SubmittedAt"] = submittedAt,
                ["Since"] = since,
                ["ReferenceVersion"] = referenceVersion,
            },
            TableUpdateMode.Replace,
            cancellationToken);

    /// <summary>Removes an index row (nothing when it is not there: a row from before the index, or
    /// removed already).</summary>
    private Task UnindexStageAsync((string Partition, string RowKey) key, CancellationToken cancellationToken) =>
        byStage.DeleteIfPresentAsync(key.Partition, key.RowKey, cancellationToken);

    private static StageIndexEntry ToEntry(TableEntity e)
    {
        var dot = e.PartitionKey.IndexOf('.', StringComparison.Ordinal);
        return new StageIndexEntry(
            e.GetString("RequestId") ?? "",
            e.GetString("Partner") ?? "",
            dot > 0 ? e.PartitionKey[..dot] : e.PartitionKey,
            dot > 0 ? e.PartitionKey[(dot + 1)..] : null,
            (e.GetString("Areas") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
            e.GetDateTimeOffset("SubmittedAt") ?? default,
            e.GetDateTimeOffset("Since") ?? default,
            e.GetInt32("ReferenceVersion"));
    }

    private static string OutcomePartition(Outcome outcome) => $"{nameof(Stage.Completed)}.{outcome}";
}
