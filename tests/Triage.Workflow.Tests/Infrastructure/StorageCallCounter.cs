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
/// </summary>
public sealed class StorageCallCounter : HttpPipelinePolicy
{
    private readonly ConcurrentQueue<StorageCall> calls = new();

    public IReadOnlyList<StorageCall> Calls => [.. calls];

    public void Reset() => calls.Clear();

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        calls.Enqueue(Classify(message.Request));
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        calls.Enqueue(Classify(message.Request));
        return ProcessNextAsync(message, pipeline);
    }

    private static StorageCall Classify(Request request)
    {
        var uri = request.Uri.ToUri();
        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        var query = Uri.UnescapeDataString(uri.Query);
        var method = request.Method.Method;
        // Azurite paths start with the account name; a real account's do not.
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var resource = segments.Length == 0 ? "" : segments[^1];
        if (path.Contains("/messages", StringComparison.Ordinal) || uri.Port == 10001)
        {
            return new StorageCall(StorageCallKind.Queue, segments.FirstOrDefault(s => s != "devstoreaccount1") ?? "", method);
        }

        var paren = resource.IndexOf('(', StringComparison.Ordinal);
        var table = paren >= 0 ? resource[..paren] : resource;
        if (resource == "$batch")
        {
            return new StorageCall(StorageCallKind.Transaction, "", method);
        }

        if (paren >= 0 && resource.Contains("PartitionKey=", StringComparison.Ordinal) && resource.Contains("RowKey=", StringComparison.Ordinal))
        {
            return new StorageCall(method == "GET" ? StorageCallKind.PointRead : StorageCallKind.PointWrite, table, method);
        }

        if (method == "GET")
        {
            return new StorageCall(query.Contains("PartitionKey eq", StringComparison.Ordinal) ? StorageCallKind.PartitionQuery : StorageCallKind.Scan, table, query);
        }

        return new StorageCall(method == "POST" ? StorageCallKind.Insert : StorageCallKind.Other, table, method);
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

public sealed record StorageCall(StorageCallKind Kind, string Target, string Detail);
