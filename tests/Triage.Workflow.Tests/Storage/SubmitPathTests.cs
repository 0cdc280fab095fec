using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Triage.Application.Identity;
using Triage.Application.Telemetry;
using Triage.Domain;
using Triage.LocalHost;
using Triage.LocalHost.Engine;
using Triage.Storage;
using Triage.Workflow.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Triage.Workflow.Tests.Storage;

/// <summary>
/// The storage round trips between a partner's <c>POST /api/requests</c> and its 202, on the self-host
/// with the Azure Storage backend: the app's own (the idempotency claim, the two indexes, the request
/// row, the timeline entry) and how many of them wait for one another — the serial depth, which on a
/// busy storage service is what the partner waits for (docs/performance.md, "The submit path"). The
/// engine's start of the orchestration (its <c>Instances</c> table and a control queue) comes after the
/// answer, not before it (docs/decisions/0040). Every call
/// is held a moment before it is sent, so calls issued together overlap whatever the scheduling.
/// Counts, not times: the same on any machine. Not counted: the submit door's backlog reading, made at
/// most once a second per process whatever the rate of submissions.
/// </summary>
public sealed class SubmitPathTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Hold = TimeSpan.FromMilliseconds(25);

    [Fact]
    public async Task Submit_WaitsForFewStorageRoundTrips_OneAfterAnother()
    {
        var app = new StorageCallCounter { Hold = Hold, Caller = () => Correlation.GetOrCreate() };
        var engine = new StorageCallCounter { Hold = Hold };
        await using var counted = await CountingHost.StartAsync(EngineBackend.Azure, app, engine);
        var host = counted.Host;

        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", DevTokens.Mint(TestStorage.Auth, new TokenRequest("partner-geo", [TriageRoles.Partner], Partner: "GEO")));

        // The first request warms the host up; counted is the next, once the first waits for a person.
        await HostRequests.NotifiedAsync(host, (await SubmitAsync(http)).Id);
        app.Reset();
        engine.Reset();
        var correlation = "submit-path-" + Guid.NewGuid().ToString("N");
        var (id, sent, answered) = await SubmitAsync(http, correlation);
        await HostRequests.NotifiedAsync(host, id);

        // The app's: those made while handling this HTTP call (its correlation id).
        var ours = app.Calls.Where(c => c.Caller == correlation && !IsBacklogReading(c)).ToList();
        // The engine's start: from its look-up of the instance to the insert of the instance's row
        // (which names it in its body only), those and the message sent to a control queue; its
        // dispatchers poll meanwhile, and the first request's orchestration may still be settling.
        var engineCalls = engine.Calls;
        var first = engineCalls.Where(c => IsInstances(c) && c.Resource.Contains(id, StringComparison.Ordinal)).MinBy(c => c.Started)!;
        var insert = engineCalls.Where(c => IsInstances(c) && c.Kind == StorageCallKind.Insert && c.Started >= first.Started).MinBy(c => c.Started)!;
        var start = engineCalls.Where(c => c.Started >= first.Started && c.Started <= insert.Started
            && (IsInstances(c) && (c.Kind == StorageCallKind.Insert || c.Resource.Contains(id, StringComparison.Ordinal)) || c is { Kind: StorageCallKind.Queue, Detail: "POST" } && c.Target.Contains("-control-", StringComparison.Ordinal))).ToList();
        var all = ours.Concat(start).ToList();
        var depth = StorageCallCounter.SerialDepth(all);
        output.WriteLine($"submit → 202 in {Stopwatch.GetElapsedTime(sent, answered).TotalMilliseconds:0.0} ms: the app's {ours.Count} calls (depth {StorageCallCounter.SerialDepth(ours)}); after it the engine's start, {start.Count} (depth {StorageCallCounter.SerialDepth(start)}); together depth {depth}");
        foreach (var c in all.OrderBy(c => c.Started))
        {
            output.WriteLine($"    {Stopwatch.GetElapsedTime(sent, c.Started).TotalMilliseconds,7:0.0} → {Stopwatch.GetElapsedTime(sent, c.Ended).TotalMilliseconds,7:0.0} ms  {(start.Contains(c) ? "engine" : "app"),-6} {c.Kind,-14} {c.Target} {c.Detail}");
        }

        Assert.Contains(ours, c => c.Kind == StorageCallKind.Insert && c.Target.EndsWith("Requests", StringComparison.Ordinal));
        // The budgets (docs/performance.md): what the path makes today, so that one more is a decision.
        // First the same calls all one after another (depth 8); then the claim, both index rows together,
        // the row, and the timeline entry beside the engine's three (depth 6). Now the engine's three come
        // after the answer: the first of them, held a moment, ends after the 202 has arrived.
        Assert.InRange(ours.Count, 1, 5);
        Assert.InRange(StorageCallCounter.SerialDepth(ours), 1, 4);
        Assert.All(ours, c => Assert.True(c.Ended <= answered, $"{c.Kind} {c.Target} ended after the answer"));
        Assert.True(first.Ended > answered, "the engine's start ended before the submit's answer");
        Assert.InRange(start.Count, 1, 3);
        Assert.InRange(depth, 1, 7);
        Assert.Contains(start, c => c.Kind == StorageCallKind.Queue);
    }

    private static bool IsInstances(StorageCall c) => c.Target.EndsWith("Instances", StringComparison.Ordinal);

    /// <summary>The submit door's reading of the stage index (a query of keys per engine stage).</summary>
    private static bool IsBacklogReading(StorageCall c) =>
        c.Kind == StorageCallKind.PartitionQuery && c.Target.EndsWith("RequestsByStage", StringComparison.Ordinal);

    private static async Task<(string Id, long Sent, long Answered)> SubmitAsync(HttpClient http, string? correlation = null)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "api/requests") { Content = JsonContent.Create(HostRequests.Input(Scenarios.Georgia)) };
        message.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        message.Headers.Add(Correlation.HeaderName, correlation ?? Guid.NewGuid().ToString("N"));
        var sent = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(message);
        var answered = Stopwatch.GetTimestamp();
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
        return (JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!, sent, answered);
    }
}
