using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Triage.Domain;
using Triage.Contracts;

namespace Triage.Storage;

/// <summary>The <c>OpenRequests</c> index: every request without an outcome, for the reconciler.</summary>
public sealed partial class RequestStore
{
    /// <summary>One page of the index of open requests (see the class summary), in table order; the
    /// continuation is null after the last page.</summary>
    public async Task<(IReadOnlyList<OpenRequestEntry> Items, string? Continuation)> OpenPageAsync(string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        var pages = open.QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuation, pageSize);
        await foreach (var page in pages)
        {
            return ([.. page.Values.Select(e => new OpenRequestEntry(e.PartitionKey, e.RowKey, e.GetDateTimeOffset("SubmittedAt") ?? default))], page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>One page of the open requests found by scanning the <c>Requests</c> table itself (the
    /// reconciler's occasional full sweep, which also puts any open request missing from the index back
    /// into it). Reads three columns of each open row; the service still scans every row.</summary>
    public async Task<(IReadOnlyList<OpenRequestEntry> Items, string? Continuation)> ScanOpenPageAsync(string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        var pages = table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Outcome eq {""}"), pageSize, ["PartitionKey", "RowKey", "SubmittedAt", "Areas"], cancellationToken)
            .AsPages(continuation, pageSize);
        await foreach (var page in pages)
        {
            var items = page.Values.Select(e => new OpenRequestEntry(e.PartitionKey, e.RowKey, e.GetDateTimeOffset("SubmittedAt") ?? default) { Areas = e.GetString("Areas") }).ToList();
            foreach (var item in items)
            {
                await IndexOpenAsync(item.Partner, item.RequestId, item.SubmittedAt, item.Areas, cancellationToken);
            }

            return (items, page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>Removes a request from the index of open requests (one that has its outcome).</summary>
    public async Task UnindexAsync(string requestId, CancellationToken cancellationToken)
    {
        if (!TableExtensions.IsValidKey(requestId))
        {
            return;
        }

        await open.DeleteIfPresentAsync(PartnerOf(requestId), requestId, cancellationToken);
    }

    /// <summary>The areas the partner's open requests ask for (screening's DUPLICATE_ACTIVE), from the
    /// partner's partition of the index of open requests (a row without its areas, written before they
    /// were kept there: the request row); <paramref name="exceptRequestId"/> leaves a request out (itself).</summary>
    public async Task<IReadOnlySet<string>> OpenAreasAsync(string partner, string? exceptRequestId, CancellationToken cancellationToken)
    {
        var areas = new HashSet<string>(StringComparer.Ordinal);
        if (!TableExtensions.IsValidKey(partner))
        {
            return areas;
        }

        await foreach (var e in open.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partner}"), select: ["RowKey", "Areas"], cancellationToken: cancellationToken))
        {
            if (e.RowKey == exceptRequestId)
            {
                continue;
            }

            var list = e.GetString("Areas") ?? (await table.FindAsync(partner, e.RowKey, cancellationToken) is { } row && string.IsNullOrEmpty(row.GetString("Outcome")) ? row.GetString("Areas") : null);
            areas.UnionWith((list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries));
        }

        return areas;
    }

    private async Task IndexOpenAsync(string partner, string requestId, DateTimeOffset submittedAt, string? areas, CancellationToken cancellationToken) =>
        await open.UpsertEntityAsync(new TableEntity(partner, requestId) { ["SubmittedAt"] = submittedAt, ["Areas"] = areas }, TableUpdateMode.Replace, cancellationToken);
}
