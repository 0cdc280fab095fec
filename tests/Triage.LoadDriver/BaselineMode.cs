using System.Globalization;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Triage.LoadDriver;

/// <summary>
/// The steady-load latencies of the product beside those of the bare engine at the same offered rate:
/// <c>--pairs</c> pairs (the order flipped every pair), each run on a new self-host process and a fresh
/// Azurite. The product runs as in <see cref="SteadyMode"/>; the bare engine runs
/// <see cref="Triage.LocalHost.Engine.EngineChecks.ApprovalShapeOrchestration"/> for the same requests
/// (<see cref="BareTraffic"/>). A latency the bare engine itself cannot reach on the machine is no
/// target a product on that engine can meet there; the ratios say what the product adds.
/// </summary>
internal static class BaselineMode
{
    public static async Task RunAsync(DriverOptions options, RunReport report, double rate, TimeSpan duration)
    {
        var backend = options.Backends[0];
        var section = string.Create(CultureInfo.InvariantCulture, $"baseline {rate:0.#}/s for {duration.TotalMinutes:0.#} min, {backend}");
        var runs = new Dictionary<bool, List<RequestTimes>> { [false] = [], [true] = [] };
        var p50s = new List<double>();
        var p99s = new List<double>();
        var pairs = new List<object>();
        for (var pair = 0; pair < options.Pairs; pair++)
        {
            var notified = new Dictionary<bool, List<double>>();
            foreach (var isProduct in pair % 2 == 0 ? new[] { false, true } : [true, false])
            {
                var sent = isProduct ? await ProductAsync(options, section, rate, duration) : await BareAsync(options, section, rate, duration);
                runs[isProduct].AddRange(sent);
                report.Series[$"{section}, pair {pair + 1}, {(isProduct ? "product" : "bare engine")}"] = sent.Select(SteadyMode.Row).ToList();
                notified[isProduct] = [.. sent.Select(t => t.SubmitToFirstNotification).OfType<double>()];
            }

            double P(bool product, double p) => notified[product].Count > 0 ? Stats.Percentile(notified[product], p) : double.NaN;
            p50s.Add(P(true, 0.5) / P(false, 0.5));
            p99s.Add(P(true, 0.99) / P(false, 0.99));
            pairs.Add(new { pair = pair + 1, bareFirst = pair % 2 == 0, bareP50 = P(false, 0.5), bareP99 = P(false, 0.99), productP50 = P(true, 0.5), productP99 = P(true, 0.99) });
            Console.WriteLine($"  {section} pair {pair + 1}: first notification p50/p99 bare {Stats.Ms(P(false, 0.5))}/{Stats.Ms(P(false, 0.99))}, product {Stats.Ms(P(true, 0.5))}/{Stats.Ms(P(true, 0.99))}");
        }

        foreach (var (isProduct, who) in new[] { (false, "bare engine"), (true, "product") })
        {
            var all = runs[isProduct].Where(t => t.Accepted).ToList();
            report.Add(section, $"{who}: submit → {(isProduct ? "202" : "scheduled")}", Stats.Latency(all.Select(t => t.SubmitToAnswer)));
            report.Add(section, $"{who}: submit → first approval notification", Stats.Latency(all.Select(t => t.SubmitToFirstNotification)));
            report.Add(section, $"{who}: last decision → outcome", Stats.Latency(all.Select(t => t.DecisionToOutcome)));
            report.Add(section, $"{who}: reached outcome", $"{all.Count(t => t.Outcome > 0)}/{runs[isProduct].Count}");
        }

        report.Add(section, "product ÷ bare engine, first notification p50, per pair", Stats.Spread(p50s, "×", "pairs"));
        report.Add(section, "product ÷ bare engine, first notification p99, per pair", Stats.Spread(p99s, "×", "pairs"));
        report.Series[section] = pairs;
    }

    private static async Task<RequestTimes[]> ProductAsync(DriverOptions options, string section, double rate, TimeSpan duration)
    {
        await using var session = await LoadSession.StartAsync(await Deployment.StartSelfHostAsync(options, options.Backends[0]), options.Answer, owned: true);
        var sent = await LiveProgress.RunAsync($"{section}, product", () => session.Traffic.Progress, () => session.Traffic.SubmitAtRateAsync(rate, duration));
        await session.WaitAsync($"{section}, product, draining", sent, options.Settle, options.Drain);
        return sent;
    }

    private static async Task<RequestTimes[]> BareAsync(DriverOptions options, string section, double rate, TimeSpan duration)
    {
        await using var deployment = await Deployment.StartSelfHostAsync(options, options.Backends[0], diagnostics: true);
        await using var services = deployment.EngineClientServices()!;
        var client = services.GetRequiredService<DurableTaskClient>();
        await RatioMode.WarmUpAsync(client);
        await using var traffic = await BareTraffic.StartAsync(client, deployment.Storage, options.Answer);
        bool Done(RequestTimes t) => options.Answer ? t.Outcome > 0 : t.FirstNotified > 0;
        var warmUp = await traffic.SubmitAtOnceAsync(5);
        await Traffic.WaitAsync(warmUp, Done, TimeSpan.FromSeconds(60));
        var sent = await LiveProgress.RunAsync($"{section}, bare engine", () => traffic.Progress, () => traffic.SubmitAtRateAsync(rate, duration));
        await LiveProgress.RunAsync($"{section}, bare engine, draining", () => traffic.Progress, () => Traffic.WaitAsync(sent, Done, options.Settle, options.Drain));
        return sent;
    }
}
