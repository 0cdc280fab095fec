namespace Triage.LoadDriver;

/// <summary>Runs the mode the command line names; <c>report</c> runs them all in one invocation, so
/// every figure of the summary comes from the same run on the same machine.</summary>
internal static class ModeRunner
{
    public static async Task RunAsync(DriverOptions options, RunReport report)
    {
        switch (options.Mode)
        {
            case "ratio":
                await RatioMode.RunAsync(options, report);
                break;
            case "steady":
                await SteadyMode.RunAsync(options, report, options.Rate, options.Duration);
                break;
            case "baseline":
                await BaselineMode.RunAsync(options, report, options.Rate, options.Duration);
                break;
            case "growth":
                await GrowthMode.RunAsync(options, report);
                break;
            case "burst":
                await BurstMode.RunAsync(options, report);
                break;
            case "soak":
                await SoakMode.RunAsync(options, report);
                break;
            case "coldstart":
                foreach (var backend in options.Backends)
                {
                    await ColdStartMode.RunAsync(options, backend, report);
                }

                break;
            case "growth-first":
                await WithOwnAzuriteAsync(options, azurite => GrowthBenchmark.RunAsync(options.Backends[0], options.Bare, options.Count, options.Batches, azurite.ProcessIds, Console.Out));
                break;
            case "list":
                await WithOwnAzuriteAsync(options, _ => ListBenchmark.RunAsync(options.Count, Console.Out));
                break;
            case "report":
                await RatioMode.RunAsync(options, report);
                var azure = options with { Backend = Triage.HostCommon.Engine.EngineBackend.Azure };
                await SteadyMode.RunAsync(azure, report, options.Rate, options.Duration);
                await SteadyMode.RunAsync(azure, report, options.FastRate, options.FastDuration);
                await GrowthMode.RunAsync(azure, report);
                await BurstMode.RunAsync(azure, report);
                await SoakMode.RunAsync(azure, report);
                break;
        }
    }

    /// <summary>The in-process benchmarks take their storage from the environment, as the self-host
    /// does: pointed at an Azurite of the driver's own, never the shared one.</summary>
    private static async Task WithOwnAzuriteAsync(DriverOptions options, Func<AzuriteProcess, Task> run)
    {
        await using var azurite = await AzuriteProcess.StartAsync(options.AzuritePort, Results.File($"azurite-{options.Mode}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.log"));
        Environment.SetEnvironmentVariable("AzureWebJobsStorage", azurite.ConnectionString);
        await run(azurite);
    }
}
