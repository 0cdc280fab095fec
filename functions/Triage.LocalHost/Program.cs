using Triage.LocalHost;

// `token --role partner --partner LBY` mints a development token instead of starting the host.
if (TokenCommand.TryRun(args, Console.Out, Console.Error, out var exitCode))
{
    return exitCode;
}

await using var host = await TriageLocalHost.StartAsync(args);
Banner.Print(host, Console.Out);
await host.WaitForShutdownAsync();
return 0;
