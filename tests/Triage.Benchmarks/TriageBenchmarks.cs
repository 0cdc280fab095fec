using BenchmarkDotNet.Attributes;
using Triage.Domain;

namespace Triage.Benchmarks;

/// <summary>Eligibility and estimate of one request: these do not depend on the funds.</summary>
[MemoryDiagnoser]
public class RequestBenchmarks
{
    private ReferenceData data = null!;
    private List<LineItem> items = null!;
    private List<int> all = null!;
    private readonly HashSet<string> active = ["logistics"];

    [Params(1, 10, 50)]
    public int Items { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        data = ReferenceData.LoadEmbedded();
        items = Synthetic.Request(data, Items);
        all = [.. Enumerable.Range(0, Items)];
    }

    [Benchmark]
    public EligibilityResult Screen() => Eligibility.Screen(data, "IRQ", items, active);

    [Benchmark]
    public Estimate Estimate() => CostEstimator.Estimate(data, "IRQ", items, all);
}

/// <summary>Funding matching, and the whole triage (eligibility + estimate + matching), against synthetic funds.</summary>
[MemoryDiagnoser]
public class MatchingBenchmarks
{
    private ReferenceData data = null!;
    private List<FundBalance> balances = null!;
    private ReferenceData scarceData = null!;
    private List<FundBalance> scarceBalances = null!;
    private List<LineItem> items = null!;
    private IReadOnlyList<CostedItem> costed = null!;
    private readonly HashSet<string> active = [];

    [Params(10, 100, 1_000)]
    public int Funds { get; set; }

    [Params(1, 10, 50)]
    public int Items { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var reference = ReferenceData.LoadEmbedded();
        (data, balances) = Synthetic.Funds(reference, Funds);
        (scarceData, scarceBalances) = Synthetic.Funds(reference, Funds, scarce: true);
        items = Synthetic.Request(reference, Items);
        costed = CostEstimator.Estimate(data, "IRQ", items, [.. Enumerable.Range(0, Items)]).ToCostedItems();

        // Warm the per-partner fund cache the way a running host would have it.
        _ = FundingMatcher.Match(data, "IRQ", costed, balances);
        _ = FundingMatcher.Match(scarceData, "IRQ", costed, scarceBalances);
    }

    /// <summary>Matching alone, funds plentiful.</summary>
    [Benchmark(Baseline = true)]
    public FundingPlan Match() => FundingMatcher.Match(data, "IRQ", costed, balances);

    /// <summary>Matching alone, funds too small for a full plan: every eligible fund is used.</summary>
    [Benchmark]
    public FundingPlan MatchScarce() => FundingMatcher.Match(scarceData, "IRQ", costed, scarceBalances);

    /// <summary>Eligibility + estimate + matching of one request.</summary>
    [Benchmark]
    public FundingPlan Triage()
    {
        var screen = Eligibility.Screen(data, "IRQ", items, active);
        var estimate = CostEstimator.Estimate(data, "IRQ", items, screen.EligibleItems);
        return FundingMatcher.Match(data, "IRQ", estimate.ToCostedItems(), balances);
    }
}
