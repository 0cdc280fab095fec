using Triage.LoadDriver;
using Triage.LocalHost.Engine;

// dotnet run -c Release --project tests/Triage.LoadDriver -- [coldstart|engine|e2e|all] [--count N] [--runs R]
var mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var count = Option("--count", 200);
var runs = Option("--runs", 3);

Console.WriteLine($"Triage load driver: {mode}, {count} per run, {runs} runs, {Environment.ProcessorCount} cores");
if (mode is "coldstart" or "all")
{
    await ColdStartBenchmark.RunAsync(EngineBackend.Memory, runs, Console.Out);
    await ColdStartBenchmark.RunAsync(EngineBackend.Azure, runs, Console.Out);
}

if (mode is "engine" or "all")
{
    await EngineBenchmark.RunAsync(EngineBackend.Memory, count, runs, Console.Out);
    await EngineBenchmark.RunAsync(EngineBackend.Azure, count, runs, Console.Out);
}

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
}
