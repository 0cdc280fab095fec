using System.Diagnostics;
using System.Globalization;

namespace Triage.LoadDriver;

/// <summary>
/// Whether the rate holds as the stores fill: <c>--batches</c> equal batches of <c>--count</c> requests
/// on one deployment, one after another, each submitted at once and waited for until at rest (every
/// request at its outcome, approvers answering). Per batch: requests per second from the first submit
/// to the last outcome; then last ÷ first, which is 1.0 when the rate does not depend on what is stored.
/// </summary>
internal static class GrowthMode
{
    public static async Task RunAsync(DriverOptions options, RunReport report)
    {
        var section = $"growth, {options.Batches} × {options.Count}, {options.Backends[0]}";
        await using var session = await LoadSession.StartAsync(options);
        var rates = new List<double>();
        var batches = new List<object>();
        for (var batch = 1; batch <= options.Batches; batch++)
        {
            var start = Stopwatch.GetTimestamp();
            var sent = await session.Traffic.SubmitAtOnceAsync(options.Count);
            var atRest = await session.WaitAsync($"{section}, batch {batch}", sent, options.Settle);
            var finished = sent.Where(session.Done).ToList();
            var end = finished.Count == 0 ? Stopwatch.GetTimestamp() : finished.Max(session.DoneAt);
            var rate = finished.Count / Stopwatch.GetElapsedTime(start, end).TotalSeconds;
            rates.Add(rate);
            var notified = sent.Select(t => t.SubmitToFirstNotification).ToList();
            report.Add(section, $"batch {batch}", string.Create(CultureInfo.InvariantCulture,
                $"{rate:0.0}/s to {session.DoneName} ({finished.Count}/{sent.Length}{(atRest ? "" : ", not at rest")}); first notification {Stats.Latency(notified)}"));
            batches.Add(new { batch, rate, reached = finished.Count, sent = sent.Length, atRest });
        }

        report.Add(section, "last batch ÷ first batch", string.Create(CultureInfo.InvariantCulture, $"{rates[^1] / rates[0]:0.00}×"), "≈ 1.0 (no slowdown as data grows)", rates[^1] / rates[0] >= 0.9);
        report.Series[section] = batches;
    }
}
