using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Triage.Domain;
using Triage.Workflow.Messaging;
using Triage.Workflow.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Triage.Workflow.Tests.EndToEnd;

/// <summary>
/// The end-to-end figures: submit→first approval notification latency (p50, p95) and requests
/// per second to the first notification, N requests submitted at once. Printed, with loose bounds only
/// (the machine is shared): the point is that every request gets there.
/// </summary>
public static class Figures
{
    public static async Task MeasureAsync(HostFixture host, int requests, ITestOutputHelper output, string backend)
    {
        foreach (var fund in new[] { "georgia", "dcb", "partnership-common" })
        {
            await host.Ledger.ContributeAsync(fund, "figures-" + Guid.NewGuid().ToString("N"), 1_000_000_000, "test", "test", null, DateTimeOffset.UtcNow, CancellationToken.None);
        }

        var queue = host.Storage.Queue(host.Storage.Names.ApprovalRequestsQueue);
        var seen = new ConcurrentDictionary<string, TimeSpan>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var drain = Task.Run(async () =>
        {
            while (seen.Count < requests && !stop.IsCancellationRequested)
            {
                var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30))).Value;
                var at = clock.Elapsed;
                foreach (var m in batch)
                {
                    var message = JsonSerializer.Deserialize<ApprovalRequestMessage>(m.MessageText, QueueSender.Json)!;
                    seen.TryAdd(message.RequestId, at);
                    await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                }

                if (batch.Length == 0)
                {
                    await Task.Delay(50);
                }
            }
        });

        var submittedAt = new ConcurrentDictionary<string, TimeSpan>();
        await Task.WhenAll(Enumerable.Range(0, requests).Select(async i =>
        {
            var start = clock.Elapsed;
            var id = await host.SubmitAsync(Scenarios.Georgia, $"Figures #{i}");
            submittedAt[id] = start;
        }));
        await drain;

        Assert.Equal(requests, seen.Count);

        // One at a time: the latency of a request that does not queue behind others.
        var single = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var start = clock.Elapsed;
            var id = await host.SubmitAsync(Scenarios.Georgia, $"Figures alone #{i}");
            await host.ApprovalMessageAsync(id, "desk-officer", timeout: TimeSpan.FromSeconds(60));
            single.Add((clock.Elapsed - start).TotalMilliseconds);
        }

        single.Sort();
        var latencies = seen.Select(kv => (kv.Value - submittedAt[kv.Key]).TotalMilliseconds).Order().ToArray();
        var last = seen.Values.Max();
        var p50 = latencies[latencies.Length / 2];
        var p95 = latencies[(int)Math.Ceiling(latencies.Length * 0.95) - 1];
        output.WriteLine($"{backend}: {requests} requests at once; submit→first approval notification p50 {p50:F0} ms, p95 {p95:F0} ms; {requests / last.TotalSeconds:F1} requests/s to the first notification ({last.TotalSeconds:F1} s for all); one at a time: median {single[single.Count / 2]:F0} ms");
    }
}

public sealed class MemoryFiguresTests(MemoryHostFixture host, ITestOutputHelper output) : IClassFixture<MemoryHostFixture>
{
    [Fact]
    public Task SubmitToFirstNotification_InMemory() => Figures.MeasureAsync(host, 100, output, "in-memory backend");
}

public sealed class AzureFiguresTests(AzureHostFixture host, ITestOutputHelper output) : IClassFixture<AzureHostFixture>
{
    [Fact]
    public Task SubmitToFirstNotification_OnAzureStorage() => Figures.MeasureAsync(host, 100, output, "Azure Storage backend (Azurite)");
}
