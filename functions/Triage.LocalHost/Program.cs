using Triage.HostCommon;
using Triage.LocalHost;

// `token --role partner --partner LBY` mints a development token instead of starting the host.
if (TokenCommand.TryRun(args, Console.Out, Console.Error, out var exitCode))
{
    return exitCode;
}

var demo = args.Contains("--demo");
await using var host = await TriageLocalHost.StartAsync([.. args.Where(a => a != "--demo")]);
Banner.Print(new RunningHost(Banner.ReadyLine, "functions/Triage.LocalHost", host.BaseAddress, host.StartTime, host.Engine, host.EngineAddress, host.Configuration), Console.Out);
if (demo)
{
    await Demo.RunAsync(host, Console.Out, CancellationToken.None);
}

await host.WaitForShutdownAsync();
return 0;
