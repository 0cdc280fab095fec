using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Triage.LocalHost;
using Triage.LocalHost.Engine;

namespace Triage.LoadDriver;

/// <summary>
/// The bare engine: N orchestrations of a chain of activities, started at once, on one backend.
/// Prints host cold start and orchestrations per second (median of the runs). This is the yardstick
/// the end-to-end figures are divided by.
/// </summary>
internal static class EngineBenchmark
{
    public static async Task<double> RunAsync(EngineBackend backend, int orchestrations, int activities, int runs, TextWriter output)
    {
        var rates = new List<double>();
        var starts = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            await using var host = await TriageLocalHost.StartAsync(new LocalHostOptions
            {
                Backend = backend,
                Diagnostics = true,
                Settings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" },
            });
            starts.Add(host.StartTime.TotalSeconds);
            await WarmUpAsync(host);

            var clock = Stopwatch.StartNew();
            var ids = await Task.WhenAll(Enumerable.Range(0, orchestrations).Select(i =>
                host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(EngineChecks.ChainOrchestration), new EngineChecks.ChainInput($"run{run}-{i}", activities))));
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            var results = await Task.WhenAll(ids.Select(id => host.Client.WaitForInstanceCompletionAsync(id, timeout.Token)));
            clock.Stop();

            var failed = results.Count(r => r.RuntimeStatus != OrchestrationRuntimeStatus.Completed);
            if (failed > 0)
            {
                throw new InvalidOperationException($"{failed} of {orchestrations} orchestrations did not complete.");
            }

            rates.Add(orchestrations / clock.Elapsed.TotalSeconds);
            output.WriteLine($"  {backend,-6} run {run + 1}: {orchestrations} orchestrations in {clock.Elapsed.TotalSeconds:0.00} s = {rates[^1]:0.0}/s (host start {starts[^1]:0.00} s)");
        }

        output.WriteLine($"{backend,-6} engine: median {Stats.Median(rates):0.0} orchestrations/s ({activities} activities each, {orchestrations} at once), median host start {Stats.Median(starts):0.00} s");
        return Stats.Median(rates);
    }

    /// <summary>One orchestration through a new host before the clock starts: on the Azure Storage
    /// backend a new task hub's partitions are leased a few seconds after start, and a run timed from
    /// then measures the leasing, not the engine. Needs <c>Diagnostics</c> on.</summary>
    public static async Task WarmUpAsync(TriageLocalHost host)
    {
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(EngineChecks.ChainOrchestration), new EngineChecks.ChainInput("warm-up", 1));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await host.Client.WaitForInstanceCompletionAsync(id, timeout.Token);
    }
}
