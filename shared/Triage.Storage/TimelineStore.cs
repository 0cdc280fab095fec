using System.Globalization;
using Azure.Data.Tables;
using Triage.Contracts;

namespace Triage.Storage;

/// <summary>
/// <c>RequestEvents</c>: append-only, partition = request id, row key = <c>{UTC ticks, 19 digits}-{key}</c>,
/// so the row keys sort by time and a replayed append (same time from the orchestration's clock, same
/// key) is the same row and is skipped.
/// </summary>
public sealed class TimelineStore
{
    private readonly TableClient table;

    public TimelineStore(StorageClients storage)
    {
        table = storage.Table(storage.Names.RequestEvents);
    }

    public static string RowKey(DateTimeOffset at, string key) =>
        at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "-" + Sanitize(key);

    public async Task AppendAsync(TimelineEvent e, CancellationToken cancellationToken)
    {
        if (!TableExtensions.IsValidKey(e.RequestId))
        {
            return;
        }

        var entity = new TableEntity(e.RequestId, RowKey(e.At, e.Key))
        {
            ["At"] = e.At,
            ["Kind"] = e.Kind,
            ["Detail"] = e.Detail,
            ["Actor"] = e.Actor,
            ["Comment"] = e.Comment,
            ["EventKey"] = e.Key,
        };
        await table.TryAddAsync(entity, cancellationToken);
    }

    /// <summary>The request's timeline as staff see it (<see cref="TimelineEntry.ToView"/>).</summary>
    public async Task<IReadOnlyList<TimelineEntryView>> ListAsync(string requestId, CancellationToken cancellationToken) =>
        [.. (await ListEntriesAsync(requestId, cancellationToken)).Select(e => e.ToView())];

    /// <summary>The request's timeline in time order, each entry's parts apart.</summary>
    public async Task<IReadOnlyList<TimelineEntry>> ListEntriesAsync(string requestId, CancellationToken cancellationToken)
    {
        var result = new List<TimelineEntry>();
        if (!TableExtensions.IsValidKey(requestId))
        {
            return result;
        }

        await foreach (var e in table.QueryAsync<TableEntity>(e => e.PartitionKey == requestId, cancellationToken: cancellationToken))
        {
            result.Add(new TimelineEntry(
                e.GetDateTimeOffset("At") ?? default,
                e.GetString("Kind") ?? "",
                e.GetString("Detail") ?? "",
                e.GetString("Actor"),
                e.GetString("Comment")));
        }

        return result;
    }

    // Row keys may not hold / \ # ? or control characters; an event key comes partly from the outside.
    private static string Sanitize(string key)
    {
        var chars = key.Select(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c) ? '_' : c).ToArray();
        var s = new string(chars);
        return s.Length > 200 ? s[..200] : s;
    }
}
