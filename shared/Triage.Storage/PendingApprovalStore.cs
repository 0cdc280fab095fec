using System.Globalization;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using Triage.Domain;

namespace Triage.Storage;

/// <summary>
/// The index behind the approvers' inbox, table <c>PendingApprovals</c>: partition = the step, row key =
/// the request id, so a request has at most one entry per step whatever order writers come in (a restarted
/// execution, a retried or late activity writing another start time overwrites the entry instead of adding
/// one). An approver's inbox reads the partitions of their steps and orders them by <see cref="Position"/>
/// (start time, then request id), see <see cref="PageAsync"/>. It follows the <c>Requests</c> row:
/// <see cref="SyncAsync"/> makes it agree with a request as stored (an entry for its pending step when it
/// is open and waiting at one, none for any other step it reached), and runs after every write of the read
/// model that carries approvals; run again, it writes the same. A crash between the row and the index, or
/// a slow duplicate activity syncing from an older row, is put right by <see cref="RepairAsync"/> (the
/// reconciler's sweep), which checks each entry against its request. The step timers of
/// <c>PendingApprovalStore.Timers.cs</c> (table <c>StepTimers</c>) are synced with the entry.
/// </summary>
public sealed partial class PendingApprovalStore
{
    private readonly TableClient table;
    private readonly TableClient timers;

    public PendingApprovalStore(StorageClients storage)
    {
        table = storage.Table(storage.Names.PendingApprovals);
        timers = storage.Table(storage.Names.StepTimers);
    }

    /// <summary>Where an entry stands in the inbox, <c>{since UTC ticks:D19}-{request id}</c>: oldest
    /// first, and the inbox's continuation. Entries written before the index was keyed by request id have
    /// it as their row key.</summary>
    public static string Position(DateTimeOffset since, string requestId) =>
        since.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "-" + requestId;

    /// <summary>True for a string that can be a <see cref="Position"/> (an inbox continuation).</summary>
    public static bool IsPosition(string? position) => position is not null && PositionPattern().IsMatch(position);

    /// <summary>The approval of <paramref name="record"/> that should be indexed: open, waiting at its
    /// pending step, which has its start time; null otherwise.</summary>
    public static ApprovalViewEntry? PendingOf(RequestRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!record.IsOpen || record.Stage != Stage.AwaitingApproval || record.PendingStep is not { } step)
        {
            return null;
        }

        var approval = record.Approvals.FirstOrDefault(a => a.Step == step && a.Status == ApprovalStatus.Pending && a.Since is not null);
        return approval is null ? null : new ApprovalViewEntry(approval.Step, approval);
    }

    /// <summary>Makes the index agree with the request as stored (see the class), and the step timers
    /// with it (<see cref="SyncTimersAsync"/>, <see cref="SyncFundsTimerAsync"/>).</summary>
    public async Task SyncAsync(RequestRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var pending = PendingOf(record);
        var others = record.Approvals
            .Where(a => a.Since is not null && a.Step != pending?.Step)
            .DistinctBy(a => a.Step, StringComparer.Ordinal)
            .Select(a => Task.WhenAll(DeleteAsync(a.Step, record.Id, cancellationToken), SyncTimersAsync(record.Id, a, waiting: false, cancellationToken)));
        await Task.WhenAll([.. others, SyncFundsTimerAsync(record, cancellationToken)]);

        if (pending is not null)
        {
            var a = pending.Approval;
            var entity = new TableEntity(pending.Step, record.Id)
            {
                ["RequestId"] = record.Id,
                ["Partner"] = record.Partner,
                ["Title"] = record.Title,
                ["Since"] = a.Since,
                ["ReminderAt"] = a.ReminderAt,
                ["Deadline"] = a.Deadline,
                ["Escalated"] = a.Escalated,
                ["EscalatedAt"] = a.EscalatedAt,
                ["EscalatedTo"] = string.Join(',', a.EscalatedTo ?? []),
                ["EstimateEur"] = record.Estimate is { } e ? TableExtensions.ToEur(e.TotalEur) : null,
            };
            await Task.WhenAll(
                table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken),
                SyncTimersAsync(record.Id, a, waiting: true, cancellationToken));
        }
    }

    /// <summary>One page of the whole index, in table order (the repair sweep).</summary>
    public async Task<(IReadOnlyList<PendingApproval> Items, string? Continuation)> ScanAsync(string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        var pages = table.QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuation, pageSize);
        await foreach (var page in pages)
        {
            return ([.. page.Values.Select(ToEntry)], page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>Brings the index into line with the requests: first each of <paramref name="openRequestIds"/>
    /// (an entry its row calls for but a crash kept from being written is written), then every entry the
    /// requests no longer bear out (closed, at another step) is removed. An entry under the row key of
    /// earlier versions (<see cref="Position"/>) is migrated: its request's entry is written under the
    /// request id when it still waits there, and the old row removed. Returns how many entries were removed.</summary>
    public async Task<int> RepairAsync(IEnumerable<string> openRequestIds, Func<string, CancellationToken, Task<RequestRecord?>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(openRequestIds);
        ArgumentNullException.ThrowIfNull(read);
        foreach (var id in openRequestIds)
        {
            if (await read(id, cancellationToken) is { } open)
            {
                await SyncAsync(open, cancellationToken);
            }
        }

        var removed = 0;
        string? continuation = null;
        do
        {
            var (items, next) = await ScanAsync(continuation, 500, cancellationToken);
            foreach (var entry in items)
            {
                var record = await read(entry.RequestId, cancellationToken);
                var waitsHere = record is not null && PendingOf(record)?.Step == entry.Step;
                if (waitsHere && entry.Key == entry.RequestId)
                {
                    continue;
                }

                if (waitsHere)
                {
                    await SyncAsync(record!, cancellationToken);
                }

                await DeleteAsync(entry.Step, entry.Key, cancellationToken);
                removed++;
            }

            continuation = next;
        }
        while (continuation is not null);
        return removed;
    }

    private Task DeleteAsync(string step, string key, CancellationToken cancellationToken) =>
        table.DeleteIfPresentAsync(step, key, cancellationToken);

    private static PendingApproval ToEntry(TableEntity e) => new(
        e.PartitionKey,
        e.RowKey,
        e.GetString("RequestId") ?? "",
        e.GetString("Partner") ?? "",
        e.GetString("Title") ?? "",
        e.GetDateTimeOffset("Since") ?? default,
        e.GetDateTimeOffset("ReminderAt"),
        e.GetDateTimeOffset("Deadline"),
        e.GetBoolean("Escalated") ?? false,
        e.GetDateTimeOffset("EscalatedAt"),
        (e.GetString("EscalatedTo") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
        e.GetInt64("EstimateEur"));

    [GeneratedRegex("^[0-9]{19}-[A-Za-z0-9-]{1,100}$")]
    private static partial Regex PositionPattern();
}
