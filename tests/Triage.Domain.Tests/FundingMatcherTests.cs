using CsCheck;

namespace Triage.Domain.Tests;

/// <summary>
/// The funding matcher's tests: worked examples, then property tests against a brute-force oracle.
/// Longer than the other test files on purpose: it tests the one algorithm that is long itself
/// (<c>FundingMatcher</c>), and the examples and the oracle read best side by side.
/// </summary>
public sealed class FundingMatcherTests
{
    private static readonly ReferenceData Data = ReferenceData.LoadEmbedded();

    private static TrustFund Fund(string id, string[] partners, string[] groups, string[] areas) =>
        new(id, id, [], partners, groups, areas, 0m, "test");

    private static FundingPlan Match(IReadOnlyList<TrustFund> funds, string partner, IReadOnlyList<CostedItem> items, params (string Id, decimal Amount)[] balances) =>
        FundingMatcher.Match(Data with { Funds = funds }, partner, items, [.. balances.Select(b => new FundBalance(b.Id, b.Amount))]);

    private static Dictionary<string, decimal> PerFund(FundingPlan plan) => plan.PerFund().ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void GreedyWouldFail_FlowFindsThePlan()
    {
        // Item 0 may use either fund; item 1 only the Jordan-only one. Taking the most specific fund for
        // item 0 first (greedy) would leave nothing for item 1.
        TrustFund[] funds =
        [
            Fund("jordan-only", ["JOR"], [], ["counter-ied", "logistics"]),
            Fund("md-counter-ied", [], ["MD"], ["counter-ied"]),
        ];

        var plan = Match(funds, "JOR", [new CostedItem(0, "counter-ied", 100), new CostedItem(1, "logistics", 100)], ("jordan-only", 100), ("md-counter-ied", 100));

        Assert.True(plan.IsComplete);
        Assert.Equal([new Allocation(0, "md-counter-ied", 100), new Allocation(1, "jordan-only", 100)], plan.Allocations);
        Assert.Empty(plan.Shortfalls);
        Assert.Equal(0m, plan.ShortfallEur);
    }

    [Fact]
    public void OneItem_SplitsAcrossFunds()
    {
        TrustFund[] funds = [Fund("a", ["JOR"], [], ["counter-ied"]), Fund("b", [], ["MD"], ["counter-ied"])];

        var plan = Match(funds, "JOR", [new CostedItem(3, "counter-ied", 300)], ("a", 200), ("b", 150));

        Assert.True(plan.IsComplete);
        Assert.Equal([new Allocation(3, "a", 200), new Allocation(3, "b", 100)], plan.Allocations);
    }

    [Fact]
    public void OneFundThatCoversAll_BeatsSeveralSpecificOnes()
    {
        TrustFund[] funds = [Fund("a", ["JOR"], [], ["counter-ied"]), Fund("b", ["JOR"], [], ["counter-ied"]), Fund("general", [], ["MD"], ["counter-ied"])];

        var plan = Match(funds, "JOR", [new CostedItem(0, "counter-ied", 150)], ("a", 100), ("b", 100), ("general", 1_000));

        Assert.Equal(new Dictionary<string, decimal> { ["general"] = 150 }, PerFund(plan));
    }

    [Fact]
    public void AmongFundsThatCoverAll_TheMostSpecificWins()
    {
        // Georgia's fund (one partner, one area) before the DCB fund (7 partners x 10 areas) before the common line.
        var plan = FundingMatcher.Match(Data, "GEO", [new CostedItem(0, "ammunition-management", 400_000)], Data.InitialBalances());

        Assert.Equal(["georgia"], plan.PerFund().Keys);
    }

    [Fact]
    public void WhenTheSpecificFundIsShort_OneBiggerFundIsUsedRatherThanTwo()
    {
        var balances = Data.InitialBalances().Select(b => b.FundId == "georgia" ? b with { AvailableEur = 100_000 } : b).ToList();

        var plan = FundingMatcher.Match(Data, "GEO", [new CostedItem(0, "ammunition-management", 400_000)], balances);

        Assert.Equal(["dcb"], plan.PerFund().Keys);
    }

    [Fact]
    public void WhenNoFundCoversAll_SpecificMoneyGoesFirst_AndNoFundIsSuperfluous()
    {
        TrustFund[] funds =
        [
            Fund("specific", ["JOR"], [], ["counter-ied"]),
            Fund("unneeded", ["JOR"], [], ["counter-ied", "logistics"]),
            Fund("general", [], ["MD", "PFP"], ["counter-ied", "logistics"]),
        ];

        var plan = Match(funds, "JOR", [new CostedItem(0, "counter-ied", 100), new CostedItem(1, "logistics", 100)], ("specific", 100), ("unneeded", 50), ("general", 100));

        Assert.True(plan.IsComplete);
        Assert.Equal(new Dictionary<string, decimal> { ["specific"] = 100, ["general"] = 100 }, PerFund(plan));
    }

    [Fact]
    public void IneligibleFunds_AreNeverUsed_ShortfallPerItem()
    {
        TrustFund[] funds =
        [
            Fund("georgia-only", ["GEO"], [], ["counter-ied"]),
            Fund("other-area", ["JOR"], [], ["logistics"]),
            Fund("small", ["JOR"], [], ["counter-ied"]),
        ];

        var plan = Match(funds, "JOR", [new CostedItem(0, "counter-ied", 100), new CostedItem(1, "cyber-defence", 40)], ("georgia-only", 1_000), ("other-area", 1_000), ("small", 60));

        Assert.False(plan.IsComplete);
        Assert.Equal([new Allocation(0, "small", 60)], plan.Allocations);
        Assert.Equal([new Shortfall(0, "counter-ied", 40), new Shortfall(1, "cyber-defence", 40)], plan.Shortfalls);
        Assert.Equal(80m, plan.ShortfallEur);
    }

    [Fact]
    public void PartialPlan_CoversEarlierItemsFirst()
    {
        TrustFund[] funds = [Fund("f", ["JOR"], [], ["counter-ied"])];

        var plan = Match(funds, "JOR", [new CostedItem(0, "counter-ied", 70), new CostedItem(1, "counter-ied", 70)], ("f", 100));

        Assert.Equal([new Allocation(0, "f", 70), new Allocation(1, "f", 30)], plan.Allocations);
        Assert.Equal([new Shortfall(1, "counter-ied", 40)], plan.Shortfalls);
    }

    [Fact]
    public void SuspendedPartner_IsNeverFunded()
    {
        var plan = FundingMatcher.Match(Data, "RUS", [new CostedItem(0, "counter-ied", 10)], Data.InitialBalances());

        Assert.Empty(plan.Allocations);
        Assert.Equal(10m, plan.ShortfallEur);
    }

    [Fact]
    public void MissingZeroNegativeAndUnknownBalances_GiveNothing()
    {
        TrustFund[] funds = [Fund("a", ["JOR"], [], ["counter-ied"]), Fund("b", ["JOR"], [], ["counter-ied"]), Fund("c", ["JOR"], [], ["counter-ied"])];

        var plan = Match(funds, "JOR", [new CostedItem(0, "counter-ied", 10)], ("b", 0), ("c", -5), ("ghost", 100));

        Assert.Empty(plan.Allocations);
        Assert.False(plan.IsComplete);
    }

    [Fact]
    public void ZeroCostItem_NeedsNothing()
    {
        var plan = FundingMatcher.Match(Data, "JOR", [new CostedItem(0, "counter-ied", 0)], []);

        Assert.True(plan.IsComplete);
        Assert.Empty(plan.Allocations);
        Assert.Empty(FundingMatcher.Match(Data, "JOR", [], []).Allocations);
    }

    [Fact]
    public void BadInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => FundingMatcher.Match(Data, "ZZZ", [], []));
        Assert.Throws<ArgumentException>(() => FundingMatcher.Match(Data, "JOR", [new CostedItem(0, "counter-ied", 10.5m)], []));
        Assert.Throws<ArgumentException>(() => FundingMatcher.Match(Data, "JOR", [new CostedItem(0, "counter-ied", -1)], []));
        Assert.Throws<ArgumentException>(() => FundingMatcher.Match(Data, "JOR", [new CostedItem(0, "counter-ied", 1), new CostedItem(0, "logistics", 1)], []));
        Assert.Throws<ArgumentException>(() => FundingMatcher.Match(Data, "JOR", [], [new FundBalance("dcb", 1), new FundBalance("dcb", 2)]));
        Assert.Throws<ArgumentException>(() => FundingMatcher.Match(Data, "JOR", [], [new FundBalance("dcb", 1.25m)]));
    }

    [Fact]
    public void ManyDistinctAreas_StillCoversTheMaximum()
    {
        // 20 distinct areas (most unknown) skip the fund-selection step; coverage must stay maximal.
        var items = Enumerable.Range(0, 20).Select(i => new CostedItem(i, i < Data.Areas.Count ? Data.Areas[i].Id : $"unknown-{i}", 1_000)).ToList();
        var plan = FundingMatcher.Match(Data, "GEO", items, Data.InitialBalances());

        Assert.Equal(Data.Areas.Count * 1_000m, plan.FundedEur());
        Assert.Equal(8, plan.Shortfalls.Count);
    }

    [Fact]
    public void MoreThanSixteenCoveredAreas_UsesEveryCandidate_StillCompleteAndWithinBalances()
    {
        // 20 made-up areas in a ring; fund i covers areas i and i+1. Past 16 covered areas the selection
        // step is skipped; the allocation must still find the full plan (each item from "its" fund).
        var ring = Enumerable.Range(0, 20).Select(i => new Area($"x{i}", $"x{i}", ["MD"])).ToList();
        var funds = Enumerable.Range(0, 20).Select(i => Fund($"f{i:D2}", ["JOR"], [], [$"x{i}", $"x{(i + 1) % 20}"])).ToList();
        var data = Data with { Areas = [.. Data.Areas, .. ring], Funds = funds };
        var items = Enumerable.Range(0, 20).Select(i => new CostedItem(i, $"x{(i + 1) % 20}", 100)).ToList();

        var plan = FundingMatcher.Match(data, "JOR", items, [.. funds.Select(f => new FundBalance(f.Id, 100))]);

        Assert.True(plan.IsComplete);
        Assert.Equal(2_000m, plan.FundedEur());
        Assert.All(plan.PerFund().Values, v => Assert.True(v <= 100));
    }

    [Fact]
    public void PerFund_SumsAllocations()
    {
        var plan = new FundingPlan([new Allocation(0, "b", 5), new Allocation(1, "a", 7), new Allocation(2, "b", 1)], [], true, 0);

        Assert.Equal([new KeyValuePair<string, decimal>("a", 7), new KeyValuePair<string, decimal>("b", 6)], plan.PerFund());
        Assert.Equal(13m, plan.FundedEur());
    }

    // ---- Properties on small random instances -------------------------------------------------

    private const string Partner = "JOR";
    private static readonly string[] Areas = ["counter-ied", "logistics", "ammunition-management", "cyber-defence", "education-and-training", "military-exercises"];

    /// <summary>Eligibility of a random fund: the first three may pay for Jordan, the last two may not.</summary>
    private static readonly (string[] Partners, string[] Groups)[] Eligibilities =
    [
        (["JOR"], []), ([], ["MD"]), ([], ["DCB", "PFP"]), (["GEO"], []), ([], ["PAG"]),
    ];

    internal sealed record Instance(IReadOnlyList<TrustFund> Funds, IReadOnlyList<CostedItem> Items, IReadOnlyList<FundBalance> Balances)
    {
        public ReferenceData Data { get; } = FundingMatcherTests.Data with { Funds = Funds };

        public override string ToString() =>
            $"items [{string.Join(", ", Items.Select(i => $"{i.Item}:{i.Area}={i.AmountEur}"))}] funds [{string.Join(", ", Funds.Select(f => $"{f.Id}({string.Join("+", f.Partners.Concat(f.Groups))}; {string.Join("+", f.Areas)}) = {Balances.FirstOrDefault(b => b.FundId == f.Id)?.AvailableEur}"))}]";
    }

    private static readonly Gen<Instance> GenInstance = Instances(areas: 3, maxItems: 3, maxFunds: 4);

    /// <summary>Larger instances (too large for the brute force, fine for the independent max flow).</summary>
    private static readonly Gen<Instance> GenLarger = Instances(areas: Areas.Length, maxItems: 8, maxFunds: 9);

    private static Gen<Instance> Instances(int areas, int maxItems, int maxFunds) =>
        from itemCount in Gen.Int[1, maxItems]
        from itemAreas in Gen.Int[0, areas - 1].Array[itemCount]
        from amounts in Gen.Int[0, 6].Array[itemCount]
        from fundCount in Gen.Int[1, maxFunds]
        from eligibility in Gen.Int[0, Eligibilities.Length - 1].Array[fundCount]
        from areaMasks in Gen.Int[1, (1 << areas) - 1].Array[fundCount]
        from balances in Gen.Int[0, 8].Array[fundCount]
        from idOrder in Gen.Shuffle(Enumerable.Range(0, fundCount).ToList())
        select new Instance(
            [.. Enumerable.Range(0, fundCount).Select(f => Fund(
                $"f{idOrder[f]}",
                Eligibilities[eligibility[f]].Partners,
                Eligibilities[eligibility[f]].Groups,
                [.. Areas.Where((_, a) => (areaMasks[f] & (1 << a)) != 0)]))],
            [.. Enumerable.Range(0, itemCount).Select(i => new CostedItem(i, Areas[itemAreas[i]], amounts[i]))],
            [.. Enumerable.Range(0, fundCount).Select(f => new FundBalance($"f{idOrder[f]}", balances[f]))]);

    private static FundingPlan Match(Instance x) => FundingMatcher.Match(x.Data, Partner, x.Items, x.Balances);

    private static bool MayPay(Instance x, string fundId, string area) => x.Data.FindFund(fundId)!.MayPayFor(x.Data.FindPartner(Partner)!, area);

    /// <summary>Brute force: try every way of splitting every item over the funds that may pay for it.</summary>
    private static bool FullPlanExists(Instance x)
    {
        var left = x.Balances.ToDictionary(b => b.FundId, b => (int)b.AvailableEur);
        return Cover(0);

        bool Cover(int item)
        {
            if (item == x.Items.Count)
            {
                return true;
            }

            var funds = x.Funds.Where(f => MayPay(x, f.Id, x.Items[item].Area)).Select(f => f.Id).ToList();
            return Split(item, funds, 0, (int)x.Items[item].AmountEur);
        }

        bool Split(int item, List<string> funds, int next, int rest)
        {
            if (rest == 0)
            {
                return Cover(item + 1);
            }

            if (next == funds.Count)
            {
                return false;
            }

            for (var take = Math.Min(rest, left[funds[next]]); take >= 0; take--)
            {
                left[funds[next]] -= take;
                var ok = Split(item, funds, next + 1, rest - take);
                left[funds[next]] += take;
                if (ok)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>An independent maximum flow, one euro at a time (amounts are tiny here).</summary>
    private static int MaxCoverable(Instance x, IReadOnlyList<FundBalance>? balances = null)
    {
        balances ??= x.Balances;
        var funds = x.Funds.Select(f => f.Id).ToList();
        var left = funds.Select(f => (int)Math.Max(0, balances.FirstOrDefault(b => b.FundId == f)?.AvailableEur ?? 0)).ToArray();
        var flow = new int[x.Items.Count, funds.Count];
        var total = 0;
        for (var i = 0; i < x.Items.Count; i++)
        {
            for (var unit = 0; unit < x.Items[i].AmountEur; unit++)
            {
                var seen = new bool[funds.Count];
                if (!Augment(i, seen))
                {
                    break;
                }

                total++;
            }
        }

        return total;

        bool Augment(int item, bool[] seen)
        {
            for (var f = 0; f < funds.Count; f++)
            {
                if (seen[f] || !MayPay(x, funds[f], x.Items[item].Area))
                {
                    continue;
                }

                seen[f] = true;
                if (left[f] > 0)
                {
                    left[f]--;
                    flow[item, f]++;
                    return true;
                }

                for (var other = 0; other < x.Items.Count; other++)
                {
                    if (flow[other, f] > 0 && Augment(other, seen))
                    {
                        flow[other, f]--;
                        flow[item, f]++;
                        return true;
                    }
                }
            }

            return false;
        }
    }

    [Fact]
    public void Property_FullPlanFound_ExactlyWhenBruteForceFindsOne()
    {
        GenInstance.Sample(x => Match(x).IsComplete == FullPlanExists(x), iter: 3_000);
    }

    [Fact]
    public void Property_CoversTheMaximumPossible()
    {
        GenInstance.Sample(x => Match(x).FundedEur() == MaxCoverable(x), iter: 3_000);
    }

    [Fact]
    public void Property_CoversTheMaximumPossible_LargerInstances()
    {
        GenLarger.Sample(x => Match(x).FundedEur() == MaxCoverable(x), iter: 2_000);
    }

    [Fact]
    public void Property_NoFundInThePlanIsSuperfluous_LargerInstances()
    {
        GenLarger.Sample(x =>
        {
            var plan = Match(x);
            var used = plan.PerFund().Keys.ToHashSet();
            var funded = plan.FundedEur();
            return plan.PerFund().All(p => p.Value <= x.Balances.Single(b => b.FundId == p.Key).AvailableEur)
                && used.All(drop => MaxCoverable(x, [.. x.Balances.Select(b => used.Contains(b.FundId) && b.FundId != drop ? b : b with { AvailableEur = 0 })]) < funded);
        }, iter: 2_000);
    }

    [Fact]
    public void Property_NeverOverABalance_NeverFromAnIneligibleFund()
    {
        GenInstance.Sample(x =>
        {
            var plan = Match(x);
            var balances = x.Balances.ToDictionary(b => b.FundId, b => b.AvailableEur);
            return plan.PerFund().All(p => p.Value <= balances[p.Key])
                && plan.Allocations.All(a => a.AmountEur > 0 && MayPay(x, a.FundId, x.Items.Single(i => i.Item == a.Item).Area));
        }, iter: 3_000);
    }

    [Fact]
    public void Property_AmountsSumToTheCosts()
    {
        GenInstance.Sample(x =>
        {
            var plan = Match(x);
            return x.Items.All(i =>
                    plan.Allocations.Where(a => a.Item == i.Item).Sum(a => a.AmountEur)
                    + plan.Shortfalls.Where(s => s.Item == i.Item).Sum(s => s.AmountEur) == i.AmountEur)
                && plan.FundedEur() + plan.ShortfallEur == x.Items.Sum(i => i.AmountEur)
                && plan.ShortfallEur == plan.Shortfalls.Sum(s => s.AmountEur)
                && plan.IsComplete == (plan.ShortfallEur == 0)
                && plan.Allocations.All(a => a.AmountEur == decimal.Truncate(a.AmountEur));
        }, iter: 3_000);
    }

    [Fact]
    public void Property_Deterministic_WhateverTheOrderOfBalances()
    {
        GenInstance.Sample(x =>
        {
            var a = Match(x);
            var b = FundingMatcher.Match(x.Data, Partner, x.Items, [.. x.Balances.Reverse()]);
            return a.Allocations.SequenceEqual(b.Allocations) && a.Shortfalls.SequenceEqual(b.Shortfalls) && a.IsComplete == b.IsComplete;
        }, iter: 2_000);
    }

    [Fact]
    public void Property_NoFundInThePlanIsSuperfluous()
    {
        GenInstance.Sample(x =>
        {
            var plan = Match(x);
            var used = plan.PerFund().Keys.ToHashSet();
            var funded = plan.FundedEur();
            return used.All(drop =>
            {
                var others = x.Balances.Select(b => used.Contains(b.FundId) && b.FundId != drop ? b : b with { AvailableEur = 0 }).ToList();
                return MaxCoverable(x, others) < funded;
            });
        }, iter: 2_000);
    }

    [Fact]
    public void Property_OneFundWheneverOneSuffices()
    {
        GenInstance.Sample(x =>
        {
            var plan = Match(x);
            var funded = plan.FundedEur();
            var oneSuffices = funded > 0 && x.Balances.Any(b =>
                MaxCoverable(x, [.. x.Balances.Select(o => o.FundId == b.FundId ? o : o with { AvailableEur = 0 })]) == funded);
            return !oneSuffices || plan.PerFund().Count == 1;
        }, iter: 2_000);
    }
}

public sealed class FundCatalogTests
{
    [Fact]
    public void Specificity_IsPartnersTimesAreas_PreferenceByItThenId()
    {
        var data = ReferenceData.LoadEmbedded();
        var catalog = data.Catalog;
        var specificity = data.Funds.Select((f, i) => (f.Id, catalog.Specificity[i])).ToDictionary();

        Assert.Equal(1, specificity["georgia"]);
        Assert.Equal(1, specificity["jordan-ammunition"]);
        Assert.Equal(40 * 1, specificity["building-integrity"]);
        Assert.Equal(7 * 10, specificity["dcb"]);
        Assert.Equal(40 * 12, specificity["partnership-common"]);
        Assert.Equal(
            ["georgia", "jordan-ammunition", "building-integrity", "dcb", "partnership-common"],
            catalog.InPreferenceOrder.Select(i => data.Funds[i].Id));
    }

    [Fact]
    public void Catalog_FollowsChangedFunds()
    {
        var data = ReferenceData.LoadEmbedded();
        var changed = data with { Funds = [.. data.Funds.Where(f => f.Id != "georgia")] };

        Assert.Equal(data.Funds.Count - 1, changed.Catalog.Funds.Count);
        Assert.Same(changed.Catalog, changed.Catalog);
    }
}
