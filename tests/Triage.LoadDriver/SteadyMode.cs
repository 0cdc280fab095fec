using System.Diagnostics;
using System.Globalization;

namespace Triage.LoadDriver;

/// <summary>
/// An offered rate for a while, approvers answering every notification through the queue: the
/// latencies a user meets at that rate (submit → 202, submit → first approval notification, the last
/// decision → outcome) and whether the deployment keeps up (outcomes per second against offered).
/// </summary>
internal static class SteadyMode
{
    /// <summary>Targets: a first notification within a second for half the requests, three for 99 %;
    /// the 202 within 50 ms for 99 %.</summary>
    private const double NotificationP50 = 1_000, NotificationP99 = 3_000, AnswerP99 = 50;

    public static async Task RunAsync(DriverOptions options, RunReport report, double rate, TimeSpan duration)
    {
        var section = string.Create(CultureInfo.InvariantCulture, $"steady {rate:0.#}/s for {duration.TotalMinutes:0.#} min, {options.Backends[0]}");
        await using var session = await LoadSession.StartAsync(options);
        var sent = await LiveProgress.RunAsync(section, () => session.Traffic.Progress, () => session.Traffic.SubmitAtRateAsync(rate, duration));
        // From the first send to the last (not to the last answer): the rate the driver really offered.
        var offeredFor = Stopwatch.GetElapsedTime(sent.Min(t => t.Submitted), sent.Max(t => t.Submitted));
        await session.WaitAsync($"{section}, draining", sent, options.Settle, options.Drain);
        await SummarizeAsync(report, section, session, sent, targets: true);
        report.Add(section, "sent", string.Create(CultureInfo.InvariantCulture, $"{sent.Length} in {offeredFor.TotalSeconds:0.0} s = {(sent.Length - 1) / offeredFor.TotalSeconds:0.0}/s offered"));
        var memory = session.Deployment.HostMemory;
        if (memory is { } m)
        {
            report.Add(section, "self-host working set at the end (peak)", $"{m.Now / 1048576} MiB ({m.Peak / 1048576} MiB)");
        }

        report.Series[section] = sent.Select(Row).ToList();
    }

    /// <summary>The latency rows every load mode reports (the targets are for steady load), and where
    /// the requests short of done are; returns those.</summary>
    public static async Task<(IReadOnlyDictionary<string, int> Stages, int Lost)> SummarizeAsync(RunReport report, string section, LoadSession session, IReadOnlyCollection<RequestTimes> sent, bool targets)
    {
        var accepted = sent.Where(t => t.Accepted).ToList();
        var answers = accepted.Select(t => t.SubmitToAnswer).OfType<double>().ToList();
        var notified = accepted.Select(t => t.SubmitToFirstNotification).OfType<double>().ToList();
        report.Add(section, "accepted (202) / refused / no answer", $"{accepted.Count} / {sent.Count(t => t.Status is not (0 or 202))} / {sent.Count(t => t.Status == 0)}");
        report.Add(section, "shed at the door (503, resubmitted after Retry-After)", Shedding.Summary(sent));
        report.Add(section, "submit → 202", Stats.Latency(answers.Select(a => (double?)a)), targets ? "p99 < 50 ms" : null,
            targets ? answers.Count > 0 && Stats.Percentile(answers, 0.99) < AnswerP99 : null);
        report.Add(section, "submit → first approval notification", Stats.Latency(notified.Select(n => (double?)n)), targets ? "p50 < 1 s, p99 < 3 s" : null,
            targets ? notified.Count == accepted.Count && notified.Count > 0 && Stats.Percentile(notified, 0.5) < NotificationP50 && Stats.Percentile(notified, 0.99) < NotificationP99 : null);
        report.Add(section, "reached first notification", $"{notified.Count}/{accepted.Count}");
        if (session.Answer)
        {
            report.Add(section, "last decision → outcome", Stats.Latency(accepted.Select(t => t.DecisionToOutcome)));
            report.Add(section, "reached outcome (approvers answering)", $"{accepted.Count(t => t.Outcome > 0)}/{accepted.Count}");
        }

        var (stages, lost) = await session.Traffic.WhereAsync(accepted.Where(t => !session.Done(t)));
        if (stages.Count > 0 || lost > 0)
        {
            report.Add(section, $"short of {session.DoneName} when at rest, by stage", string.Join(", ", stages.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value}").Append($"unknown to the deployment {lost}")));
        }

        return (stages, lost);
    }

    public static object Row(RequestTimes t) => new
    {
        id = t.Id,
        status = t.Status,
        shed = t.Shed,
        submitTo202Ms = t.SubmitToAnswer,
        submitToFirstNotificationMs = t.SubmitToFirstNotification,
        decisionToOutcomeMs = t.DecisionToOutcome,
        outcome = t.OutcomeName,
    };
}
