using System.Globalization;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using Triage.Domain;

namespace Triage.Storage;

/// <summary>
/// The index behind the approvers' inbox, table <c>PendingApprovals</c>: partition = the step, row =
/// <c>{since UTC ticks:D19}-{request id}</c>, one entry per request waiting at a step, so an approver's
/// inbox is a range read of the partitions of their steps, oldest first. It follows the <c>Requests</c>
/// row: <see cref="SyncAsync"/> makes it agree with a request as stored (an entry for its pending step
/// when it is open and waiting at one, none for any other step it reached), and runs after every write of
/// the read model that carries approvals; run again, it writes the same. A crash between the row and the
/// index, or a slow duplicate activity syncing from an older row, is put right by <see cref="RepairAsync"/>
/// (the reconciler's sweep), which checks each entry against its request.
/// </summary>
public sealed partial class PendingApprovalStore
{
    private readonly TableClient table;

    public PendingApprovalStore(StorageClients storage)
    {
        table = storage.Table(storage.Names.PendingApprovals);
    }

    public static string RowKey(DateTimeOffset since, string requestId) =>
        since.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "-" + requestId;

    /// <summary>True for a string that can be a row key of this index (an inbox continuation).</summary>
    public static bool IsKey(string? key) => key is not null && KeyPattern().IsMatch(key);

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
        return approval is null ? null : new ApprovalViewEntry(approval.Step, RowKey(approval.Since!.Value, record.Id), approval);
    }

    /// <summary>Makes the index agree with the request as stored (see the class).</summary>
    public async Task SyncAsync(RequestRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var pending = PendingOf(record);
        foreach (var other in record.Approvals.Where(a => a.Since is { } since && (pending is null || pending.Step != a.Step || pending.Key != RowKey(since, record.Id))))
        {
            await DeleteAsync(other.Step, RowKey(other.Since!.Value, record.Id), cancellationToken);
        }

        if (pending is not null)
        {
            var a = pending.Approval;
            var entity = new TableEntity(pending.Step, pending.Key)
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
            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        }
    }

    /// <summary>Up to <paramref name="pageSize"/> entries of the given steps after the cursor
    /// <paramref name="after"/> (a row key), oldest first across the steps; <paramref name="escalatedOnly"/>
    /// steps only where escalated to <paramref name="deputy"/>. The continuation is the last row key
    /// returned when more may follow.</summary>
    public async Task<(IReadOnlyList<PendingApproval> Items, string? Continuation)> PageAsync(
        IReadOnlyCollection<string> steps, IReadOnlyCollection<string> escalatedOnly, string? deputy, string? after, int pageSize, CancellationToken cancellationToken)
    {
        var found = new List<PendingApproval>();
        var more = false;
        foreach (var step in steps.Concat(escalatedOnly.Except(steps, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal))
        {
            var deputyOnly = !steps.Contains(step);
            var filter = after is null
                ? TableClient.CreateQueryFilter($"PartitionKey eq {step}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {step} and RowKey gt {after}");
            if (deputyOnly)
            {
                filter += " and Escalated eq true";
            }

            var taken = 0;
            await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(1000, pageSize + 1), cancellationToken: cancellationToken))
            {
                var entry = ToEntry(e);
                if (deputyOnly && (deputy is null || !entry.EscalatedTo.Contains(deputy, StringComparer.Ordinal)))
                {
                    continue;
                }

                if (taken == pageSize)
                {
                    more = true;
                    break;
                }

                found.Add(entry);
                taken++;
            }
        }

        var page = found.OrderBy(f => f.Key, StringComparer.Ordinal).ThenBy(f => f.Step, StringComparer.Ordinal).ToList();
        if (page.Count > pageSize)
        {
            more = true;
            page = page[..pageSize];
        }

        return (page, more && page.Count > 0 ? page[^1].Key : null);
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
    /// requests no longer bear out (closed, at another step, or at this step in another execution) is
    /// removed. Returns how many entries were removed.</summary>
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
                var pending = record is null ? null : PendingOf(record);
                if (pending is null || pending.Step != entry.Step || pending.Key != entry.Key)
                {
                    await DeleteAsync(entry.Step, entry.Key, cancellationToken);
                    removed++;
                }
            }

            continuation = next;
        }
        while (continuation is not null);
        return removed;
    }

    private async Task DeleteAsync(string step, string key, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(step, key, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Not indexed: nothing to remove.
        }
    }

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
    private static partial Regex KeyPattern();
}
