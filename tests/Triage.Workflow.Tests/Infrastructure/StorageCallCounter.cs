using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Triage.Workflow.Tests.Infrastructure;

/// <summary>
/// A pipeline policy on every table and queue client of a host that records each storage round trip
/// and what kind it is: a point operation on one entity (PartitionKey and RowKey in the path), an
/// insert, an entity-group transaction, a query of one partition, a query across partitions (a scan of
/// the table), a queue call. On Azurite every query costs in proportion to the whole table, so the
/// hot paths are checked to make point operations only, apart from the small index partitions named.
/// Each call also keeps when it started and ended, so a test can tell calls made one after another
/// from calls made together (<see cref="SerialDepth"/>).
/// </summary>
public sealed class StorageCallCounter : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<StorageCall> calls = new();

    public IReadOnlyList<StorageCall> Calls => [.. calls];

    /// <summary>How long each call waits before it is sent: with it, calls issued together overlap in
    /// time however the machine schedules them, so <see cref="SerialDepth"/> sees them as concurrent.</summary>
    public TimeSpan Hold { get; init; }

    /// <summary>Read in the caller's context when a call is made, and kept with it (<see cref="StorageCall.Caller"/>):
    /// e.g. the correlation id of the HTTP call being handled, to tell its round trips from the host's others.</summary>
    public Func<string?>? Caller { get; init; }

    public void Reset() => calls.Clear();

    /// <summary>The longest chain of <paramref name="of"/> in which each call started only after the one
    /// before it had ended: the round trips a path waits for one after another.</summary>
    public static int SerialDepth(IReadOnlyList<StorageCall> of)
    {
        var ordered = of.OrderBy(c => c.Started).ToList();
        var depth = new int[ordered.Count];
        for (var i = 0; i < ordered.Count; i++)
        {
            depth[i] = 1 + Enumerable.Range(0, i).Where(j => ordered[j].Ended != 0 && ordered[j].Ended <= ordered[i].Started).Select(j => depth[j]).DefaultIfEmpty(0).Max();
        }

        return depth.DefaultIfEmpty(0).Max();
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var call = Classify(message.Request) with { Caller = Caller?.Invoke() };
        calls.Enqueue(call);
        try
        {
            Thread.Sleep(Hold);
            ProcessNext(message, pipeline);
        }
        finally
        {
            call.End();
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var call = Classify(message.Request) with { Caller = Caller?.Invoke() };
        calls.Enqueue(call);
        try
        {
            await Task.Delay(Hold);
            await ProcessNextAsync(message, pipeline);
        }
        finally
        {
            call.End();
        }
    }

    private static StorageCall Classify(Request request)
    {
        var uri = request.Uri.ToUri();
        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        var query = Uri.UnescapeDataString(uri.Query);
        var method = request.Method.Method;
        var resource = path + query;
        // Azurite paths start with the account name; a real account's do not.
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var last = segments.Length == 0 ? "" : segments[^1];
        if (path.Contains("/messages", StringComparison.Ordinal) || uri.Port == 10001)
        {
            return new StorageCall(StorageCallKind.Queue, segments.FirstOrDefault(s => s != "devstoreaccount1") ?? "", method) { Resource = resource };
        }

        var paren = last.IndexOf('(', StringComparison.Ordinal);
        var table = paren >= 0 ? last[..paren] : last;
        if (last == "$batch")
        {
            return new StorageCall(StorageCallKind.Transaction, "", method) { Resource = resource };
        }

        if (paren >= 0 && last.Contains("PartitionKey=", StringComparison.Ordinal) && last.Contains("RowKey=", StringComparison.Ordinal))
        {
            return new StorageCall(method == "GET" ? StorageCallKind.PointRead : StorageCallKind.PointWrite, table, method) { Resource = resource };
        }

        if (method == "GET")
        {
            return new StorageCall(query.Contains("PartitionKey eq", StringComparison.Ordinal) ? StorageCallKind.PartitionQuery : StorageCallKind.Scan, table, query) { Resource = resource };
        }

        return new StorageCall(method == "POST" ? StorageCallKind.Insert : StorageCallKind.Other, table, method) { Resource = resource };
    }
}

public enum StorageCallKind
{
    PointRead,
    PointWrite,
    Insert,
    Transaction,
    PartitionQuery,
    Scan,
    Queue,
    Other,
}

/// <summary>One round trip: its kind, its table or queue, the method or query, the unescaped path and
/// query (<see cref="Resource"/>, which names the entity or partition), who made it
/// (<see cref="StorageCallCounter.Caller"/>), and when it started and ended
/// (<see cref="System.Diagnostics.Stopwatch"/> ticks; <see cref="Ended"/> is 0 while it is in flight).</summary>
public sealed record StorageCall(StorageCallKind Kind, string Target, string Detail)
{
    public string Resource { get; init; } = "";

    public string? Caller { get; init; }

    public long Started { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    public long Ended { get; private set; }

    public void End() => Ended = System.Diagnostics.Stopwatch.GetTimestamp();
}
