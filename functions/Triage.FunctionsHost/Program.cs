using Triage.FunctionsHost;
using Triage.HostCommon;

// `token --role partner --partner LBY` mints a development token, as the self-host's command does.
if (TokenCommand.TryRun(args, Console.Out, Console.Error, out var exitCode))
{
    return exitCode;
}

await using var host = await TriageFunctionsHost.StartAsync(args);
Banner.Print(host.Running, Console.Out);
Console.WriteLine($"  Worker     functions/Triage.Functions, worker {host.Worker.WorkerVersion}, pid {host.Process.ProcessId}, {host.Worker.Functions.All.Count} functions, its own HTTP on {host.Worker.HttpUri}");
await host.WaitForShutdownAsync();
return host.WorkerClosed.IsCompleted ? 1 : 0;
