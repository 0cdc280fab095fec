using System.Diagnostics;
using System.Globalization;

namespace Triage.LoadDriver;

/// <summary>
/// <c>--burst</c> requests at once, approvers answering, until at rest (everything at its outcome, or
/// nothing moved for <c>--settle</c>). Counts what became of them: reached their outcome, waiting for
/// funds (the money ran out: at rest, as designed), stuck (the deployment knows them but they stopped
/// short elsewhere), lost (accepted, and the deployment does not know them), refused; and the
/// self-host's peak working set.
/// </summary>
internal static class BurstMode
{
    public static async Task RunAsync(DriverOptions options, RunReport report)
    {
        var section = $"burst {options.Burst:N0} at once, {options.Backends[0]}";
        await using var session = await LoadSession.StartAsync(options);
        var start = Stopwatch.GetTimestamp();
        var sent = await LiveProgress.RunAsync(section, () => session.Traffic.Progress, () => session.Traffic.SubmitAtOnceAsync(options.Burst));
        await session.WaitAsync($"{section}, to rest", sent, options.Settle);
        var elapsed = Stopwatch.GetElapsedTime(start);

        var accepted = sent.Where(t => t.Accepted).ToList();
        var reached = accepted.Where(session.Done).ToList();
        var shortOfIt = accepted.Where(t => !session.Done(t)).ToList();
        var last = reached.Count == 0 ? 0 : reached.Max(session.DoneAt);
        var (stages, lost) = await SteadyMode.SummarizeAsync(report, section, session, sent, targets: false);
        // Waiting for funds is a rest, not a fault: the trust funds ran out, and nothing unfunded goes on.
        var waitingForFunds = stages.GetValueOrDefault(nameof(Triage.Domain.Stage.AwaitingFunds));
        report.Add(section, "reached / waiting for funds / stuck / lost / refused", $"{reached.Count} / {waitingForFunds} / {shortOfIt.Count - lost - waitingForFunds} / {lost} / {sent.Length - accepted.Count}");
        report.Add(section, $"rate to {session.DoneName}", reached.Count == 0 ? "none" : string.Create(CultureInfo.InvariantCulture,
            $"{reached.Count / Stopwatch.GetElapsedTime(start, last).TotalSeconds:0.0}/s; at rest after {elapsed.TotalSeconds:0} s"));
        if (session.Deployment.HostMemory is { } m)
        {
            report.Add(section, "self-host peak working set", $"{m.Peak / 1048576} MiB");
        }

        if (session.Deployment.Azurite is { } azurite)
        {
            report.Add(section, "Azurite working set at rest", $"{azurite.WorkingSet / 1048576} MiB");
        }

        report.Series[section] = new { stuck = stages, waitingForFunds, lost, refused = sent.Length - accepted.Count, reached = reached.Count, shedAnswers = sent.Sum(t => t.Shed), shedRequests = sent.Count(t => t.Shed > 0) };
    }
}
