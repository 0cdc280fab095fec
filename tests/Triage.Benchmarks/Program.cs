using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// In-process, because a generated benchmark project would inherit the repository's strict build
// settings. The default job keeps a full run to a few minutes on a small machine; --quick gives a rough
// look in seconds. Other arguments go to BenchmarkDotNet, e.g. --filter *Matching*; without a filter
// every benchmark runs (instead of BenchmarkDotNet asking which).
var quick = args.Contains("--quick");
string[] rest = [.. args.Where(a => a != "--quick")];
if (!rest.Any(a => a is "--filter" or "-f"))
{
    rest = [.. rest, "--filter", "*"];
}

var job = Job.Default
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithLaunchCount(1)
    .WithWarmupCount(quick ? 1 : 4)
    .WithIterationCount(quick ? 3 : 12)
    .WithId(quick ? "Quick" : "Triage");

BenchmarkSwitcher
    .FromAssembly(typeof(Triage.Benchmarks.RequestBenchmarks).Assembly)
    .Run(rest, DefaultConfig.Instance.AddJob(job).AddColumn(StatisticColumn.Median));
