using System.Diagnostics;
using System.Globalization;

namespace Triage.LoadDriver;

/// <summary>
/// Steady load at <c>--soak-rate</c> for <c>--soak</c> (30 min), approvers answering, sampled every minute: the self-host's
/// working set, Azurite's (in memory, its data lives there), and the latency of the requests sent in
/// that minute. Reports how each grew from the first minute to the last: a leak or a store that slows
/// as it fills shows here and nowhere else.
/// </summary>
internal static class SoakMode
{
    public static async Task RunAsync(DriverOptions options, RunReport report)
    {
        var rate = options.SoakRate ?? options.Rate;
        var section = string.Create(CultureInfo.InvariantCulture, $"soak {rate:0.#}/s for {options.Soak.TotalMinutes:0} min, {options.Backends[0]}");
        await using var session = await LoadSession.StartAsync(options);
        var deployment = session.Deployment;
        var samples = new List<(int Minute, long Host, long Azurite)>();
        var start = Stopwatch.GetTimestamp();
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
            var minute = 0;
            while (await timer.WaitForNextTickAsync(stop.Token).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default))
            {
                samples.Add((++minute, deployment.HostMemory?.Now ?? 0, deployment.Azurite?.WorkingSet ?? 0));
            }
        });
        var sent = await LiveProgress.RunAsync(section, () => session.Traffic.Progress, () => session.Traffic.SubmitAtRateAsync(rate, options.Soak));
        await stop.CancelAsync();
        await sampler;
        await session.WaitAsync($"{section}, draining", sent, options.Settle, options.Drain);

        var minutes = sent.Where(t => t.Accepted)
            .GroupBy(t => (int)Stopwatch.GetElapsedTime(start, t.Submitted).TotalMinutes + 1)
            .Where(g => g.Key <= samples.Count)
            .OrderBy(g => g.Key)
            .Select(g => new
            {
                minute = g.Key,
                sent = g.Count(),
                notificationP50Ms = Stats.Median(g.Select(t => t.SubmitToFirstNotification).OfType<double>().ToList()),
                notificationP95Ms = Stats.Percentile(g.Select(t => t.SubmitToFirstNotification).OfType<double>().ToList(), 0.95),
                answerP99Ms = Stats.Percentile(g.Select(t => t.SubmitToAnswer).OfType<double>().ToList(), 0.99),
                hostMiB = samples[g.Key - 1].Host / 1048576,
                azuriteMiB = samples[g.Key - 1].Azurite / 1048576,
            })
            .ToList();
        await SteadyMode.SummarizeAsync(report, section, session, sent, targets: true);
        if (minutes.Count >= 2)
        {
            var (first, last) = (minutes[0], minutes[^1]);
            report.Add(section, "first notification p50, first → last minute", $"{Stats.Ms(first.notificationP50Ms)} → {Stats.Ms(last.notificationP50Ms)}");
            report.Add(section, "first notification p95, first → last minute", $"{Stats.Ms(first.notificationP95Ms)} → {Stats.Ms(last.notificationP95Ms)}");
            report.Add(section, "self-host working set, first → last minute", $"{first.hostMiB} → {last.hostMiB} MiB");
            report.Add(section, "Azurite working set (its data), first → last minute", $"{first.azuriteMiB} → {last.azuriteMiB} MiB");
        }

        report.Series[section] = minutes;
    }
}
