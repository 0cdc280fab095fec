using Azure.Data.Tables;

namespace Triage.Storage;

/// <summary>
/// The <c>HistoryPurges</c> table: a row per finished request whose orchestration's history the engine
/// still keeps, partition = the UTC day it finished (<c>yyyyMMdd</c>), row key = that instant in ticks,
/// then the request, so the rows past a retention period are one range read in key order
/// (<see cref="DuePurgesAsync"/>). Written before the row that gives a request its outcome (a crash in
/// between leaves a row whose orchestration is still running, which the purge leaves alone), removed
/// when the request is reopened and once its orchestration is purged (docs/decisions/0037).
/// </summary>
public sealed partial class RequestStore
{
    /// <summary>Up to <paramref name="max"/> requests that finished at or before <paramref name="finishedBy"/>
    /// and whose orchestration is still kept, earliest first.</summary>
    public async Task<IReadOnlyList<HistoryPurge>> DuePurgesAsync(DateTimeOffset finishedBy, int max, CancellationToken cancellationToken) =>
        [.. (await purges.DueRowsAsync(finishedBy, max, cancellationToken)).Select(e => new HistoryPurge(
            e.GetString("RequestId") ?? "",
            new DateTimeOffset(e.GetInt64("FinishedTicks") ?? 0, TimeSpan.Zero)))];

    /// <summary>Removes the row of a purge done (or not wanted); nothing when it is not there.</summary>
    public Task RemovePurgeAsync(HistoryPurge purge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(purge);
        var (partition, row) = KeyOf(purge);
        return purges.DeleteIfPresentAsync(partition, row, cancellationToken);
    }

    private async Task SchedulePurgeAsync(HistoryPurge purge, CancellationToken cancellationToken)
    {
        var (partition, row) = KeyOf(purge);
        await purges.UpsertEntityAsync(
            new TableEntity(partition, row) { ["RequestId"] = purge.RequestId, ["FinishedTicks"] = purge.FinishedAt.UtcTicks },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    private static (string Partition, string Row) KeyOf(HistoryPurge p) =>
        (TableExtensions.DayKey(p.FinishedAt), $"{TableExtensions.TicksKey(p.FinishedAt)}|{p.RequestId}");
}
