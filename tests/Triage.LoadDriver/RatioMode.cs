using System.Diagnostics;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Triage.LocalHost.Engine;

namespace Triage.LoadDriver;

/// <summary>
/// The product against the bare engine, alternated so both see the same machine: per backend,
/// <c>--pairs</c> pairs of one bare-engine run and one product run, the order flipped every pair
/// (bare first, then product first), each run on a new self-host process and a fresh Azurite. The bare engine runs
/// orchestrations of <see cref="ActivitiesToFirstNotification"/> sequential activity calls; the product
/// is measured from submitting <c>--count</c> requests at once over HTTP to the last first approval
/// notification read from the queue (nobody answers). Reports the median ratio and its min–max.
/// </summary>
internal static class RatioMode
{
    /// <summary>The activity calls a request makes up to its first approval notification: screen,
    /// estimate, reserve, notify (each stage's read-model write rides on the activity doing its work).</summary>
    public const int ActivitiesToFirstNotification = 4;

    public static async Task RunAsync(DriverOptions options, RunReport report)
    {
        foreach (var backend in options.Backends)
        {
            var pairs = new List<object>();
            var ratios = new List<double>();
            var bareRates = new List<double>();
            var productRates = new List<double>();
            var latencies = new List<double?>();
            for (var pair = 0; pair < options.Pairs; pair++)
            {
                double bare = 0, product = 0;
                foreach (var isProduct in pair % 2 == 0 ? new[] { false, true } : [true, false])
                {
                    await using var deployment = await Deployment.StartSelfHostAsync(options, backend, diagnostics: true);
                    await using var services = deployment.EngineClientServices()!;
                    var client = services.GetRequiredService<DurableTaskClient>();
                    await WarmUpAsync(client);
                    if (isProduct)
                    {
                        (product, var reached) = await ProductAsync(deployment, options.Count, options.Settle);
                        latencies.AddRange(reached);
                    }
                    else
                    {
                        bare = await BareAsync(client, backend, options.Count);
                    }
                }

                ratios.Add(product / bare);
                bareRates.Add(bare);
                productRates.Add(product);
                pairs.Add(new { pair = pair + 1, bareFirst = pair % 2 == 0, bare, product, ratio = product / bare });
                Console.WriteLine($"  {backend} pair {pair + 1}: bare {bare:0.0}/s, product {product:0.0}/s, ratio {product / bare:0.00}×");
            }

            var section = $"ratio, {backend}";
            report.Add(section, $"bare engine, {options.Count} orchestrations × {ActivitiesToFirstNotification} activities at once", Stats.Spread(bareRates, "/s", "runs"));
            report.Add(section, $"product, {options.Count} requests at once → first approval notification", Stats.Spread(productRates, "/s", "runs"));
            report.Add(section, "product ÷ bare engine, per pair", Stats.Spread(ratios, "×", "pairs"));
            report.Add(section, "submit → first notification, all product runs", Stats.Latency(latencies));
            report.Series[$"ratio-{backend}"] = pairs;
        }
    }

    private static async Task<double> BareAsync(DurableTaskClient client, EngineBackend backend, int count)
    {
        var start = DateTimeOffset.UtcNow;
        var ids = await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            client.ScheduleNewOrchestrationInstanceAsync(nameof(EngineChecks.ChainOrchestration), new EngineChecks.ChainInput($"bare-{i}", ActivitiesToFirstNotification))));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var results = new List<OrchestrationMetadata>();

        // One wait at a time, in order: a wait on Azure Storage polls the instance every 2 s, and
        // hundreds of waits at once would load the storage the engine is being measured on.
        await LiveProgress.RunAsync("  bare engine", () => $"{results.Count}/{count} completed", async () =>
        {
            foreach (var id in ids)
            {
                results.Add(await client.WaitForInstanceCompletionAsync(id, timeout.Token));
            }

            return results;
        });
        var failed = results.Count(r => r.RuntimeStatus != OrchestrationRuntimeStatus.Completed);
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} of {count} bare-engine orchestrations did not complete.");
        }

        // On Azure Storage timed to the last completion as the engine recorded it, not to when a poll
        // saw it; the in-memory backend answers a wait at once (and keeps no time of the last update).
        var end = backend == EngineBackend.Azure ? results.Max(r => r.LastUpdatedAt) : DateTimeOffset.UtcNow;
        return count / (end - start).TotalSeconds;
    }

    private static async Task<(double Rate, IEnumerable<double?> Latencies)> ProductAsync(Deployment deployment, int count, TimeSpan settle)
    {
        await using var session = await LoadSession.StartAsync(deployment, answer: false, owned: false);
        var start = Stopwatch.GetTimestamp();
        var sent = await session.Traffic.SubmitAtOnceAsync(count);
        var all = await session.WaitAsync("  product", sent, settle);
        var reached = sent.Where(t => t.FirstNotified > 0).ToList();
        if (!all || reached.Count < count)
        {
            throw new InvalidOperationException($"Only {reached.Count} of {count} requests reached their first approval notification ({session.Traffic.Progress}).");
        }

        return (count / Stopwatch.GetElapsedTime(start, reached.Max(t => t.FirstNotified)).TotalSeconds, reached.Select(t => t.SubmitToFirstNotification));
    }

    /// <summary>One orchestration through a new host before the clock starts: on the Azure Storage
    /// backend a new task hub's partitions are leased a few seconds after start, and a run timed from
    /// then would measure the leasing, not the engine.</summary>
    public static async Task WarmUpAsync(DurableTaskClient client)
    {
        var id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(EngineChecks.ChainOrchestration), new EngineChecks.ChainInput("warm-up", 1));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await client.WaitForInstanceCompletionAsync(id, timeout.Token);
    }
}
