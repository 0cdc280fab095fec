using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Triage.Domain;
using Triage.LocalHost;
using Triage.LocalHost.Engine;
using Triage.Application.Identity;

namespace Triage.LoadDriver;

/// <summary>
/// The product end to end, as its users meet it: N partners' requests submitted over HTTP at once,
/// each travelling screening → costing → funding (a real reservation) → the first approval step,
/// whose notification the driver, acting as the approvers' tool, reads from <c>approval-requests</c>.
/// Prints submit → notification latency (p50, p95) and requests per second to the notification, then
/// the latency of single requests submitted one at a time.
/// </summary>
internal static class EndToEndBenchmark
{
    public static async Task<double> RunAsync(EngineBackend backend, int count, TextWriter output)
    {
        await using var host = await TriageLocalHost.StartAsync(new LocalHostOptions
        {
            Backend = backend,
            Diagnostics = true,
            Settings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" },
        });
        await EngineBenchmark.WarmUpAsync(host);
        var auth = host.Services.GetRequiredService<AuthSettings>();
        // Like a fleet of clients behind one gateway: at most 256 connections at once (10,000 sockets at once
        // run the machine out of file descriptors); a request's latency counts from when it was issued.
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 })
        {
            BaseAddress = host.BaseAddress,
            Timeout = TimeSpan.FromMinutes(10),
        };

        // Money first, so every request is funded and goes on to its first approval step.
        var admin = DevTokens.Mint(auth, new TokenRequest("load-driver", [TriageRoles.Admin]));
        using (var contribution = Post("api/funds/partnership-common/contributions", admin, new { amountEur = 1_000_000_000m, contributor = "load driver", note = "benchmark capacity" }))
        {
            using var response = await http.SendAsync(contribution);
            response.EnsureSuccessStatusCode();
        }

        var requests = Requests(count);
        var tokens = requests.Select(r => r.Partner).Distinct().ToDictionary(p => p, p => DevTokens.Mint(auth, new TokenRequest($"partner-{p}", [TriageRoles.Partner], p)));
        var notified = new ConcurrentDictionary<string, long>();
        using var stop = new CancellationTokenSource();
        var queue = host.Storage.Queue(host.Storage.Names.ApprovalRequestsQueue);
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(5), CancellationToken.None)).Value;
                foreach (var message in batch)
                {
                    var id = JsonDocument.Parse(message.MessageText).RootElement.GetProperty("requestId").GetString()!;
                    notified.TryAdd(id, Stopwatch.GetTimestamp());
                }

                // Taken, as an approvers' tool would: thousands of invisible messages slow every receive.
                await Task.WhenAll(batch.Select(m => queue.DeleteMessageAsync(m.MessageId, m.PopReceipt, CancellationToken.None)));

                if (batch.Length == 0)
                {
                    await Task.Delay(10, CancellationToken.None);
                }
            }
        });

        var submitted = new ConcurrentDictionary<string, long>();
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(requests.Select(async r =>
        {
            var at = Stopwatch.GetTimestamp();
            using var message = Post("api/requests", tokens[r.Partner], r.Body);
            using var response = await http.SendAsync(message);
            response.EnsureSuccessStatusCode();
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            submitted[id] = at;
        }));

        var deadline = Stopwatch.StartNew();
        while (submitted.Keys.Any(id => !notified.ContainsKey(id)) && deadline.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(50);
        }

        // Then one at a time: the latency of a request that does not queue behind others.
        var alone = new List<double>();
        foreach (var (partner, body) in Requests(count + 10).Skip(count))
        {
            var at = Stopwatch.GetTimestamp();
            using var message = Post("api/requests", tokens.GetValueOrDefault(partner) ?? DevTokens.Mint(auth, new TokenRequest($"partner-{partner}", [TriageRoles.Partner], partner)), body);
            using var response = await http.SendAsync(message);
            response.EnsureSuccessStatusCode();
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            var wait = Stopwatch.StartNew();
            while (!notified.ContainsKey(id) && wait.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(5);
            }

            alone.Add(Stopwatch.GetElapsedTime(at, notified.GetValueOrDefault(id, Stopwatch.GetTimestamp())).TotalMilliseconds);
        }

        await stop.CancelAsync();
        await reader;

        var reached = submitted.Where(s => notified.ContainsKey(s.Key)).ToList();
        var latencies = reached.Select(s => Stopwatch.GetElapsedTime(s.Value, notified[s.Key]).TotalMilliseconds).ToList();
        var last = reached.Max(s => notified[s.Key]);
        var rate = reached.Count / Stopwatch.GetElapsedTime(start, last).TotalSeconds;
        output.WriteLine(
            $"{backend,-6} end to end: {reached.Count}/{count} requests reached their first approval notification; " +
            $"submit→notification p50 {Stats.Median(latencies):0} ms, p95 {Stats.Percentile(latencies, 0.95):0} ms; {rate:0.0} requests/s; " +
            $"one at a time: median {Stats.Median(alone):0} ms");
        return rate;
    }

    internal static HttpRequestMessage Post(string path, string token, object body)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return message;
    }

    /// <summary>Small requests from many partners, one area each, none needing a political review:
    /// the common path. Past the ~400 distinct partner/area pairs the pairs repeat; a repeat is screened
    /// <c>NeedsReview</c> (DUPLICATE_ACTIVE) and travels the same path to its first approval step.</summary>
    internal static List<(string Partner, object Body)> Requests(int count)
    {
        var data = ReferenceData.LoadEmbedded();
        var combinations = (
            from partner in data.Partners
            from area in data.Areas
            let items = new[] { new LineItem(area.Id, 4, 1, "nato-facility") }
            let screen = Eligibility.Screen(data, partner.Code, items, new HashSet<string>())
            where screen.Result == EligibilityOutcome.Eligible && !screen.RequiresPoliticalReview
            select (partner.Code, area.Id)).ToList();

        return Enumerable.Range(0, count).Select(i => (combinations[i % combinations.Count], i)).Select(x => (x.Item1.Code, (object)new
        {
            title = $"Load {x.i}: {x.Item1.Id}",
            summary = "Benchmark request",
            items = new[] { new { area = x.Item1.Id, participants = 4, weeks = 1, location = "nato-facility" } },
            requestedStart = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(60)).ToString("yyyy-MM-dd"),
            contact = new { name = "Load Driver", email = "load@example.org" },
        })).ToList();
    }
}
