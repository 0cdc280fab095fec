using System.Globalization;
using Azure.Data.Tables;
using Triage.Contracts;

namespace Triage.Storage;

/// <summary>One entry of a request's timeline. <paramref name="Key"/> names the event uniquely within
/// the request (e.g. <c>stage:Costing</c>, <c>decision:asg-p</c>), so writing it twice writes it once.</summary>
public sealed record TimelineEvent(string RequestId, DateTimeOffset At, string Key, string Kind, string Detail, string? Actor = null);

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
            ["EventKey"] = e.Key,
        };
        await table.TryAddAsync(entity, cancellationToken);
    }

    public async Task<IReadOnlyList<TimelineEntryView>> ListAsync(string requestId, CancellationToken cancellationToken)
    {
        var result = new List<TimelineEntryView>();
        if (!TableExtensions.IsValidKey(requestId))
        {
            return result;
        }

        await foreach (var e in table.QueryAsync<TableEntity>(e => e.PartitionKey == requestId, cancellationToken: cancellationToken))
        {
            var actor = e.GetString("Actor");
            var detail = e.GetString("Detail") ?? "";
            result.Add(new TimelineEntryView(
                e.GetDateTimeOffset("At") ?? default,
                e.GetString("Kind") ?? "",
                actor is null ? detail : $"{detail} (by {actor})"));
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
