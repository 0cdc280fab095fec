using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Triage.Domain;
using Triage.Contracts;

namespace Triage.Storage;

/// <summary>
/// The <c>Requests</c> table, and beside it the index of open requests (table <c>OpenRequests</c>,
/// partner / request id), which the reconciler pages through instead of the whole table. The index is
/// kept a superset of the open requests without a transaction across the two tables: its row is written
/// before a request row that is open (a new request, or one a restarted orchestration reopens), and
/// removed only after the request's outcome is written; a row left behind by a crash in between is
/// removed by the reconciler when it finds the request closed.
/// </summary>
public sealed partial class RequestStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TableClient table;
    private readonly TableClient open;
    private readonly TableClient byStage;
    private readonly TableClient purges;

    public RequestStore(StorageClients storage)
    {
        table = storage.Table(storage.Names.Requests);
        open = storage.Table(storage.Names.OpenRequests);
        byStage = storage.Table(storage.Names.RequestsByStage);
        purges = storage.Table(storage.Names.HistoryPurges);
    }

    /// <summary>Request ids start with the partner code, so a lookup by id is a point read.</summary>
    public static string PartnerOf(string requestId)
    {
        var dash = requestId.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 ? requestId[..dash] : requestId;
    }

    /// <summary>Inserts the new request; false if it exists already (a retried submit). Its index rows
    /// are written first, together: each only has to precede the row, not the other.</summary>
    public async Task<bool> TryInsertAsync(RequestRecord record, CancellationToken cancellationToken)
    {
        var areas = string.Join(',', record.Items.Select(i => i.Area).Distinct());
        var stageKey = (StagePartition(record.Stage, record.Outcome), StageRowKey(record.SubmittedAt, record.Id));
        var indexStage = IndexStageAsync(stageKey, record.Id, record.Partner, areas, record.SubmittedAt, record.SubmittedAt, record.ReferenceVersion, cancellationToken);
        await (record.IsOpen ? Task.WhenAll(IndexOpenAsync(record.Partner, record.Id, record.SubmittedAt, areas, cancellationToken), indexStage) : indexStage);
        var e = new TableEntity(record.Partner, record.Id)
        {
            ["Title"] = record.Title,
            ["Summary"] = record.Summary,
            ["ItemsJson"] = JsonSerializer.Serialize(record.Items, Json),
            ["RequestedStart"] = record.RequestedStart.ToString("O"),
            ["ContactJson"] = record.Contact is null ? null : JsonSerializer.Serialize(record.Contact, Json),
            ["Areas"] = areas,
            ["SubmittedAt"] = record.SubmittedAt,
            ["StageSince"] = record.SubmittedAt,
            ["CorrelationId"] = record.CorrelationId,
        };
        Apply(e, new RequestUpdate(record.Id, record.Partner, record.Version, record.UpdatedAt, record.Lifecycle(), record.PendingStep, record.Eligibility, record.Estimate, record.Funding, record.Approvals));
        if (await table.TryAddAsync(e, cancellationToken))
        {
            return true;
        }

        // A retried submit: the stored row is indexed under its own time, not this attempt's.
        if (await table.FindAsync(record.Partner, record.Id, cancellationToken) is not { } stored || StageKeyOf(stored) != stageKey)
        {
            await UnindexStageAsync(stageKey, cancellationToken);
        }

        return false;
    }

    public async Task<RequestRecord?> GetAsync(string requestId, CancellationToken cancellationToken)
    {
        if (!TableExtensions.IsValidKey(requestId))
        {
            return null;
        }

        var e = await table.FindAsync(PartnerOf(requestId), requestId, cancellationToken);
        return e is null ? null : ToRecord(e);
    }

    /// <summary>Writes the workflow fields unless a newer version is there already; returns the request
    /// as stored after the call (the row read and the fields written, as the merge leaves them), so a
    /// caller needs no read of its own.</summary>
    public async Task<RequestRecord> UpdateAsync(RequestUpdate update, CancellationToken cancellationToken) =>
        (await UpdateAsync(update, null, cancellationToken)).Stored;

    /// <summary>As <see cref="UpdateAsync(RequestUpdate, CancellationToken)"/>, for the progress write that
    /// comes with the timeline entry <paramref name="eventKey"/>: the row keeps the key and the time it was
    /// first written with. <c>FirstAt</c> is that time when the row already held the same key: the same
    /// step of the orchestration written again (an episode replayed after a crash between the messages it
    /// sent and its checkpoint computes it anew, at a later time), whose entry is to keep its first time.</summary>
    public async Task<(RequestRecord Stored, DateTimeOffset? FirstAt)> UpdateAsync(RequestUpdate update, string? eventKey, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await table.FindAsync(update.Partner, update.RequestId, cancellationToken)
                ?? throw new InvalidOperationException($"Request {update.RequestId} is not in the Requests table.");
            var firstAt = eventKey is not null && current.GetString("EventKey") == eventKey ? current.GetDateTimeOffset("EventAt") : null;
            if (VersionOf(current) >= update.Version)
            {
                return (ToRecord(current), firstAt);
            }

            try
            {
                var written = await WriteAsync(current, update, eventKey is null ? null : (eventKey, firstAt ?? update.At), cancellationToken);
                foreach (var (name, value) in written)
                {
                    current[name] = value;
                }

                return (ToRecord(current), firstAt);
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < 20)
            {
                // Someone else wrote the row in between (a duplicate run of an activity): read again.
            }
        }
    }

    /// <summary>Writes the workflow fields only if the stored version is still
    /// <paramref name="expectedVersion"/> (compare and swap: of two writers that read the same version,
    /// one wins); false when it changed.</summary>
    public async Task<bool> TryUpdateAsync(RequestUpdate update, long expectedVersion, CancellationToken cancellationToken)
    {
        var current = await table.FindAsync(update.Partner, update.RequestId, cancellationToken);
        if (current is null || VersionOf(current) != expectedVersion || update.Version <= expectedVersion)
        {
            return false;
        }

        try
        {
            await WriteAsync(current, update, null, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    /// <summary>Merges the update into the stored row under its ETag, keeping the index of open
    /// requests a superset of them (indexed before a write that opens, unindexed after one that closes),
    /// the stage index in step (the new stage's row before the write, the old one's after), and a
    /// finished request's history purge scheduled (before the write that closes it, removed after one
    /// that reopens it). Returns the fields written.</summary>
    private async Task<TableEntity> WriteAsync(TableEntity current, RequestUpdate update, (string Key, DateTimeOffset At)? progressEvent, CancellationToken cancellationToken)
    {
        var wasOpen = string.IsNullOrEmpty(current.GetString("Outcome"));
        var opens = update.Lifecycle.Outcome is null;
        var reopens = opens && !wasOpen;
        var closes = !opens && wasOpen;
        var submittedAt = current.GetDateTimeOffset("SubmittedAt") ?? update.At;
        var e = new TableEntity(update.Partner, update.RequestId);
        Apply(e, update);
        if (progressEvent is { } written)
        {
            e["EventKey"] = written.Key;
            e["EventAt"] = written.At;
        }

        var oldKey = StageKeyOf(current);
        var partition = StagePartition(update.Lifecycle.Stage, update.Lifecycle.Outcome);
        var moves = partition != oldKey.Partition;
        var newKey = moves ? (partition, StageRowKey(update.At, update.RequestId)) : oldKey;

        // What must precede the row, together: each has only to come before it, not before the others.
        var before = new List<Task>(3);
        if (reopens)
        {
            before.Add(IndexOpenAsync(update.Partner, update.RequestId, submittedAt, current.GetString("Areas"), cancellationToken));
        }

        if (closes)
        {
            before.Add(SchedulePurgeAsync(new HistoryPurge(update.RequestId, update.At), cancellationToken));
        }

        if (moves)
        {
            e["StageSince"] = update.At;
            before.Add(IndexStageAsync(newKey, update.RequestId, update.Partner, current.GetString("Areas"), submittedAt, update.At, update.ReferenceVersion ?? current.GetInt32("ReferenceVersion"), cancellationToken));
        }

        await Task.WhenAll(before);
        await table.UpdateEntityAsync(e, current.ETag, TableUpdateMode.Merge, cancellationToken);

        // What must follow it, together.
        var after = new List<Task>(3);
        if (moves)
        {
            after.Add(UnindexStageAsync(oldKey, cancellationToken));
        }

        if (closes)
        {
            after.Add(UnindexAsync(update.RequestId, cancellationToken));
        }

        if (reopens && current.GetDateTimeOffset("StageSince") is { } finishedAt)
        {
            // The new run's orchestration is not to be purged for the old outcome.
            after.Add(RemovePurgeAsync(new HistoryPurge(update.RequestId, finishedAt), cancellationToken));
        }

        await Task.WhenAll(after);
        return e;
    }

    /// <summary>One page of the requests matching the query. With a stage or an outcome, or with no
    /// partner, from the stage index (<c>RequestsByStage</c>: stage by stage in pipeline order, each
    /// longest-there first); by partner alone, from the partner's partition of <c>Requests</c> (request
    /// id order: the day submitted, oldest first). The page size is the caller's (the API allows 1-200;
    /// a table page holds at most 1000).</summary>
    public async Task<(IReadOnlyList<RequestRecord> Items, string? Continuation)> QueryAsync(RequestQuery query, CancellationToken cancellationToken)
    {
        if (query.Stage is not null || query.Outcome is not null || string.IsNullOrEmpty(query.Partner))
        {
            return await IndexPageAsync(query, cancellationToken);
        }

        var pages = table.QueryAsync<TableEntity>(Filter(query), query.PageSize, cancellationToken: cancellationToken).AsPages(query.Continuation, query.PageSize);
        await foreach (var page in pages)
        {
            return (page.Values.Select(ToRecord).ToList(), page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>Every request (the demand report).</summary>
    public Task<IReadOnlyList<RequestRecord>> ListAllAsync(CancellationToken cancellationToken) => QueryAllAsync(null, cancellationToken);

    private async Task<IReadOnlyList<RequestRecord>> QueryAllAsync(string? filter, CancellationToken cancellationToken)
    {
        var result = new List<RequestRecord>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(ToRecord(e));
        }

        return result;
    }

    /// <summary>The OData filter of a query by partner and dates (stage and outcome go to the index).</summary>
    private static string? Filter(RequestQuery query)
    {
        var filters = new List<string>();
        if (!string.IsNullOrEmpty(query.Partner))
        {
            filters.Add(TableClient.CreateQueryFilter($"PartitionKey eq {query.Partner}"));
        }

        if (query.From is { } from)
        {
            filters.Add(TableClient.CreateQueryFilter($"SubmittedAt ge {from}"));
        }

        if (query.To is { } to)
        {
            filters.Add(TableClient.CreateQueryFilter($"SubmittedAt lt {to}"));
        }

        return filters.Count == 0 ? null : string.Join(" and ", filters);
    }

    // Int64; rows written before versions were ticks hold an Int32.
    private static long VersionOf(TableEntity e) => e.GetInt64("Version") ?? e.GetInt32("Version") ?? 0;

    private static void Apply(TableEntity e, RequestUpdate u)
    {
        e["Version"] = u.Version;
        e["UpdatedAt"] = u.At;
        e["Stage"] = u.Lifecycle.Stage.ToString();
        e["Outcome"] = u.Lifecycle.Outcome?.ToString() ?? "";
        e["LastWorkingStage"] = u.Lifecycle.LastWorkingStage.ToString();
        e["PendingStep"] = u.PendingStep ?? "";
        if (u.Eligibility is not null)
        {
            e["EligibilityJson"] = JsonSerializer.Serialize(u.Eligibility, Json);
            e["EligibilityResult"] = u.Eligibility.Result;
        }

        if (u.Estimate is not null)
        {
            e["EstimateJson"] = JsonSerializer.Serialize(u.Estimate, Json);
            e["EstimateEur"] = TableExtensions.ToEur(u.Estimate.TotalEur);
        }

        if (u.Funding is not null)
        {
            e["FundingJson"] = JsonSerializer.Serialize(u.Funding, Json);
            e["ShortfallEur"] = TableExtensions.ToEur(u.Funding.ShortfallEur);
        }

        if (u.Approvals is not null)
        {
            e["ApprovalsJson"] = JsonSerializer.Serialize(u.Approvals, Json);
        }

        if (u.ReferenceVersion is { } reference)
        {
            e["ReferenceVersion"] = reference;
        }
    }

    private static RequestRecord ToRecord(TableEntity e)
    {
        T? Read<T>(string name) where T : class =>
            e.GetString(name) is { Length: > 0 } s ? JsonSerializer.Deserialize<T>(s, Json) : null;

        var stage = Enum.Parse<Stage>(e.GetString("Stage") ?? nameof(Stage.Received));
        var outcome = e.GetString("Outcome") is { Length: > 0 } o ? Enum.Parse<Outcome>(o) : (Outcome?)null;
        var lastWorking = e.GetString("LastWorkingStage") is { Length: > 0 } w ? Enum.Parse<Stage>(w) : RequestLifecycle.LastWorkingStageOf(stage, outcome);
        var pending = e.GetString("PendingStep");
        return new RequestRecord(
            e.RowKey,
            e.PartitionKey,
            e.GetString("Title") ?? "",
            e.GetString("Summary") ?? "",
            Read<List<LineItemInput>>("ItemsJson") ?? [],
            DateOnly.TryParse(e.GetString("RequestedStart"), out var start) ? start : default,
            Read<ContactInput>("ContactJson"),
            stage,
            outcome,
            lastWorking,
            string.IsNullOrEmpty(pending) ? null : pending,
            Read<EligibilityView>("EligibilityJson"),
            Read<EstimateView>("EstimateJson"),
            Read<FundingView>("FundingJson"),
            Read<List<ApprovalView>>("ApprovalsJson") ?? [],
            e.GetDateTimeOffset("SubmittedAt") ?? default,
            e.GetDateTimeOffset("UpdatedAt") ?? default,
            e.GetString("CorrelationId") ?? "",
            VersionOf(e),
            e.GetInt32("ReferenceVersion"));
    }
}
