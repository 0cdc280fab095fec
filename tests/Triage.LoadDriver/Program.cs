using Triage.LoadDriver;
using Triage.LocalHost.Engine;

// dotnet run -c Release --project tests/Triage.LoadDriver -- [coldstart|engine|e2e|scale|growth|list|all] [--count N] [--runs R] [--backend memory|azure] [--azurite-pid P]
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
    await EngineBenchmark.RunAsync(EngineBackend.Memory, count, 3, runs, Console.Out);
    await EngineBenchmark.RunAsync(EngineBackend.Azure, count, 3, runs, Console.Out);
}

// How the product's rate holds as the burst grows (in memory, where the engine is not the limit).
if (mode is "scale")
{
    foreach (var n in args.Contains("--only-10k") ? [10_000] : new[] { 1_000, 10_000 })
    {
        await EndToEndBenchmark.RunAsync(args.Contains("--backend") ? Backend() : EngineBackend.Memory, n, Console.Out);
    }
}

// Growth: --runs equal batches of --count, one after another into one host (docs/performance.md).
if (mode is "growth")
{
    await GrowthBenchmark.RunAsync(Backend(), count, runs, Option("--azurite-pid", 0) is > 0 and var pid ? pid : null, Console.Out);
}

// The admin list with --count requests stored, seeded through the store (docs/performance.md).
if (mode is "list")
{
    await ListBenchmark.RunAsync(count, Console.Out);
}

// The product against the bare engine doing the same number of activity calls as a request makes
// up to its first approval notification (screen, estimate, reserve, notify: 4; each stage's record
// rides on the activity that does its work).
if (mode is "e2e" or "all")
{
    foreach (var backend in new[] { EngineBackend.Memory, EngineBackend.Azure })
    {
        var bare = await EngineBenchmark.RunAsync(backend, count, 4, runs, Console.Out);
        var product = await EndToEndBenchmark.RunAsync(backend, count, Console.Out);
        Console.WriteLine($"{backend,-6} ratio: the product runs at {product / bare:0.00}× the bare engine's rate for 4-activity orchestrations");
    }
}

EngineBackend Backend()
{
    var i = Array.IndexOf(args, "--backend");
    return i >= 0 && i + 1 < args.Length && Enum.TryParse<EngineBackend>(args[i + 1], ignoreCase: true, out var backend) ? backend : EngineBackend.Azure;
}

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
}
