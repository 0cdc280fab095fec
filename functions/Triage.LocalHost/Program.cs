using Triage.LocalHost;

await using var host = await TriageLocalHost.StartAsync(args);
Banner.Print(host, Console.Out);
await host.WaitForShutdownAsync();
