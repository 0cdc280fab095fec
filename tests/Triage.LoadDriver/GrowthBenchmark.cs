using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Triage.Application.Identity;
using Triage.LocalHost;
using Triage.LocalHost.Engine;

namespace Triage.LoadDriver;

/// <summary>
/// Whether a request costs more as data accumulates: equal batches submitted one after another into
/// one host, 16 clients at a time, each batch waited for until every request has its first approval
/// notification (the requests stay open, at their first step). Prints each batch's rate; the last
/// batch should run at the first one's (the figure in docs/performance.md: fifth ≥ 80 % of first).
/// On a shared machine the rate also follows what else runs; the CPU time each batch cost — this
/// process (host and driver) and, given <c>--azurite-pid</c>, the Azurite serving it — does not.
/// With <c>bare</c>, the same batches of the bare engine in the product's shape
/// (<see cref="BareTraffic"/>): how much of the slowdown is the engine's own on this storage.
/// </summary>
internal static class GrowthBenchmark
{
    private const int Clients = 16;

    public static async Task RunAsync(EngineBackend backend, bool bare, int batchSize, int batches, IReadOnlyList<int>? azuritePids, TextWriter output)
    {
        await using var host = await TriageLocalHost.StartAsync(new LocalHostOptions
        {
            Backend = backend,
            Diagnostics = true,
            // No shedding at the door: 16 clients keep the engine's hand full, which is what is measured.
            Settings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning", ["Intake:MaxBacklog"] = "0" },
        });
        await RatioMode.WarmUpAsync(host.Client);
        var auth = host.Services.GetRequiredService<AuthSettings>();
        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        var admin = DevTokens.Mint(auth, new TokenRequest("load-driver", [TriageRoles.Admin]));
        using (var contribution = Traffic.Contribution(admin))
        {
            (await http.SendAsync(contribution)).EnsureSuccessStatusCode();
        }

        var notified = new ConcurrentDictionary<string, bool>();
        using var stop = new CancellationTokenSource();
        var queue = host.Storage.Queue(host.Storage.Names.ApprovalRequestsQueue);
        await using var shape = bare ? await BareTraffic.StartAsync(host.Client, host.Storage, answer: false) : null;
        var reader = bare ? Task.CompletedTask : QueueReader.RunAsync(queue, message =>
        {
            notified.TryAdd(JsonDocument.Parse(message.MessageText).RootElement.GetProperty("requestId").GetString()!, true);
            return Task.FromResult(true);
        }, stop.Token);
        bool Notified(string id) => shape?.Notified(id) ?? notified.ContainsKey(id);

        var queueBefore = await QueueProbeAsync(host);
        var mix = new RequestMix(onlyPartner: null);
        var all = Enumerable.Range(0, batchSize * batches).Select(mix.Request).ToList();
        var tokens = all.Select(r => r.Partner).Distinct().ToDictionary(p => p, p => DevTokens.Mint(auth, new TokenRequest($"partner-{p}", [TriageRoles.Partner], p)));
        var rates = new List<double>();
        for (var b = 0; b < batches; b++)
        {
            var pending = new ConcurrentQueue<(string Partner, object Body)>(all.Skip(b * batchSize).Take(batchSize));
            var ids = new ConcurrentBag<string>();
            var clock = Stopwatch.StartNew();
            var (ownBefore, azuriteBefore) = (Process.GetCurrentProcess().TotalProcessorTime, CpuSeconds(azuritePids));
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
            {
                while (pending.TryDequeue(out var r))
                {
                    if (shape is not null)
                    {
                        var times = await shape.SubmitAsync();
                        ids.Add(times.Accepted ? times.Id! : throw new InvalidOperationException($"Scheduling {times.Id} failed."));
                        continue;
                    }

                    using var message = Traffic.Post("api/requests", tokens[r.Partner], r.Body);
                    using var response = await http.SendAsync(message);
                    response.EnsureSuccessStatusCode();
                    ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
                }
            }));

            var wait = Stopwatch.StartNew();
            while (ids.Any(id => !Notified(id)) && wait.Elapsed < TimeSpan.FromMinutes(15))
            {
                await Task.Delay(50);
            }

            clock.Stop();
            var reached = ids.Count(Notified);
            rates.Add(reached / clock.Elapsed.TotalSeconds);
            var own = (Process.GetCurrentProcess().TotalProcessorTime - ownBefore).TotalMilliseconds / batchSize;
            var azurite = (CpuSeconds(azuritePids) - azuriteBefore) * 1000 / batchSize;
            output.WriteLine($"{backend,-6} {(bare ? "bare engine " : "")}batch {b + 1}/{batches}: {reached}/{batchSize} notified in {clock.Elapsed.TotalSeconds:0.0} s, {rates[^1]:0.0} requests/s ({(b + 1) * batchSize} stored); "
                + $"CPU per request: host {own:0} ms" + (azuritePids is null ? "" : $", Azurite {azurite:0} ms"));
        }

        await stop.CancelAsync();
        await reader;
        output.WriteLine($"{backend,-6} {(bare ? "bare engine " : "")}growth: last batch at {rates[^1] / rates[0]:P0} of the first's rate");

        if (!bare)
        {
            await RequestReadAsync(http, admin, notified.Keys, batchSize * batches, backend, output);
        }

        var queueAfter = await QueueProbeAsync(host);
        output.WriteLine($"{backend,-6} queue receive from an empty queue: median {queueBefore.MedianMs:0.0} ms with {queueBefore.Stored} messages stored in the account's queues before the batches, "
            + $"{queueAfter.MedianMs:0.0} ms with {queueAfter.Stored} after");
    }

    private static async Task RequestReadAsync(HttpClient http, string admin, IEnumerable<string> notified, int stored, EngineBackend backend, TextWriter output)
    {
        // What a request read (point reads) costs with everything stored. (Not the engine's history: the
        // in-process engine answers a client's history request without reading its History table.)
        var times = new List<double>();
        foreach (var id in notified.Take(20))
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, $"api/requests/{id}");
            get.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", admin);
            var clock = Stopwatch.StartNew();
            using var response = await http.SendAsync(get);
            response.EnsureSuccessStatusCode();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        output.WriteLine($"{backend,-6} request read (point reads) with {stored} requests stored: median {Stats.Median(times):0} ms, p95 {Stats.Percentile(times, 0.95):0} ms");
    }

    /// <summary>
    /// What a queue receive costs with the messages stored now: Azurite looks at every message of the
    /// account (visible or not, in any queue) on each receive, and the engine polls its queues all the
    /// time, so the durable timers of the requests waiting at a step (in the control queues until they
    /// fire) make every poll dearer. Timed on the poison queue, which is empty and which nothing reads.
    /// </summary>
    private static async Task<(long Stored, double MedianMs)> QueueProbeAsync(TriageLocalHost host)
    {
        var service = new Azure.Storage.Queues.QueueServiceClient(host.Storage.ConnectionString);
        long stored = 0;
        await foreach (var item in service.GetQueuesAsync())
        {
            stored += (await service.GetQueueClient(item.Name).GetPropertiesAsync()).Value.ApproximateMessagesCount;
        }

        var empty = host.Storage.Queue(host.Storage.Names.ApprovalDecisionsPoisonQueue);
        var times = new List<double>();
        for (var i = 0; i < 40; i++)
        {
            var clock = Stopwatch.StartNew();
            await empty.ReceiveMessagesAsync(32);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        return (stored, Stats.Median(times));
    }

    /// <summary>User + system CPU seconds of processes so far (Linux /proc; 0 without pids).</summary>
    private static double CpuSeconds(IReadOnlyList<int>? pids) => pids?.Sum(CpuSeconds) ?? 0;

    private static double CpuSeconds(int pid)
    {

        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 and 15 of stat (utime, stime), counted from after the command name; clock ticks of 1/100 s.
        return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
    }
}
