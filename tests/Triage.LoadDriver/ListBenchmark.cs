using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Triage.Application.Identity;
using Triage.Contracts;
using Triage.Domain;
using Triage.LocalHost;
using Triage.LocalHost.Engine;
using Triage.Storage;

namespace Triage.LoadDriver;

/// <summary>
/// The admin list and the pipeline report with many requests stored. The requests are seeded through
/// the store (<see cref="RequestStore.TryInsertAsync"/>, then <see cref="RequestStore.UpdateAsync"/>
/// to a stage), writing exactly the rows and index rows a real request has, without running the
/// workflow: a fifth each left received, waiting for approval, waiting for funds, approved and
/// rejected. Then GET /api/requests?stage=AwaitingApproval (a page of 50) and GET
/// /api/reports/pipeline are timed over HTTP.
/// </summary>
internal static class ListBenchmark
{
    private const int Writers = 32;
    private const int Samples = 100;

    public static async Task RunAsync(int count, TextWriter output)
    {
        await using var host = await TriageLocalHost.StartAsync(new LocalHostOptions
        {
            Backend = EngineBackend.Memory,
            Settings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning", ["Reconciler:Interval"] = "00:00:00" },
        });
        var store = host.Services.GetRequiredService<RequestStore>();
        var partners = ReferenceData.LoadEmbedded().Partners.Select(p => p.Code).ToArray();
        var seeding = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                await SeedAsync(store, partners[i % partners.Length], i);
            }
        }));
        output.WriteLine($"seeded {count} requests through the store in {seeding.Elapsed.TotalSeconds:0} s");

        var auth = host.Services.GetRequiredService<AuthSettings>();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DevTokens.Mint(auth, new TokenRequest("load-driver", [TriageRoles.Admin])));
        foreach (var (name, path) in new[] { ("list by stage", "api/requests?stage=AwaitingApproval&pageSize=50"), ("list by outcome", "api/requests?outcome=Approved&pageSize=50"), ("pipeline report", "api/reports/pipeline") })
        {
            var times = new List<double>();
            var samples = path.Contains("pipeline", StringComparison.Ordinal) ? Samples / 10 : Samples;
            for (var s = 0; s < samples; s++)
            {
                var clock = Stopwatch.StartNew();
                using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
                times.Add(clock.Elapsed.TotalMilliseconds);
                if (path.Contains("pipeline", StringComparison.Ordinal))
                {
                    // Past the report's cache, so every sample builds it.
                    await Task.Delay(Triage.Application.UseCases.GetPipelineReport.CacheFor);
                }
            }

            output.WriteLine($"{name} with {count} stored: p50 {Stats.Median(times):0} ms, p95 {Stats.Percentile(times, 0.95):0} ms ({samples} calls)");
            if (path.Contains("pipeline", StringComparison.Ordinal))
            {
                break;
            }
        }
    }

    private static async Task SeedAsync(RequestStore store, string partner, int i)
    {
        var at = DateTimeOffset.UtcNow;
        var id = $"{partner}-{at:yyyyMMdd}-{Guid.NewGuid().ToString("N")[..12]}";
        LineItemInput[] items = [new("education-and-training", 4, 1, "nato-facility")];
        await store.TryInsertAsync(
            new RequestRecord(id, partner, $"Seeded {i}", "Seeded request", items, DateOnly.FromDateTime(at.UtcDateTime.AddDays(60)), null,
                Stage.Received, null, Stage.Received, null, null, null, null, [], at, at, "seed", 1),
            CancellationToken.None);
        var lifecycle = (i % 5) switch
        {
            1 => new RequestLifecycle(Stage.AwaitingApproval, null, Stage.AwaitingApproval),
            2 => new RequestLifecycle(Stage.AwaitingFunds, null, Stage.AwaitingFunds),
            3 => new RequestLifecycle(Stage.Completed, Outcome.Approved, Stage.AwaitingApproval),
            4 => new RequestLifecycle(Stage.Completed, Outcome.Rejected, Stage.AwaitingApproval),
            _ => null,
        };
        if (lifecycle is not null)
        {
            var step = lifecycle.Stage == Stage.AwaitingApproval ? "desk-officer" : null;
            ApprovalView[] approvals = [new("desk-officer", step is null ? ApprovalStatus.NotReached : ApprovalStatus.Pending, null, null, at.AddDays(7), null)];
            await store.UpdateAsync(new RequestUpdate(id, partner, 2, at, lifecycle, step, null, null, null, approvals), CancellationToken.None);
        }
    }
}
