using System.Text.Json;

namespace Triage.Domain.Tests;

/// <summary>Domain results cross Durable Task activity boundaries as JSON: they must round-trip.</summary>
public sealed class SerializationTests
{
    private static readonly ReferenceData Data = ReferenceData.LoadEmbedded();
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static T RoundTrip<T>(T value, JsonSerializerOptions? options = null) =>
        JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, options), options)!;

    [Fact]
    public void ScenarioResults_RoundTrip()
    {
        var scenario = Scenarios.Libya;
        var screen = Eligibility.Screen(Data, scenario.Partner, scenario.Items, new HashSet<string>());
        var estimate = CostEstimator.Estimate(Data, scenario.Partner, scenario.Items, screen.EligibleItems);
        var plan = FundingMatcher.Match(Data, scenario.Partner, estimate.ToCostedItems(), Data.InitialBalances());
        var steps = Data.Policy.StepsFor(estimate.TotalEur, screen.RequiresPoliticalReview);

        foreach (var options in new[] { null, Web })
        {
            var s = RoundTrip(screen, options);
            Assert.Equal((screen.Result, screen.RequiresPoliticalReview), (s.Result, s.RequiresPoliticalReview));
            Assert.Equal(screen.Reasons, s.Reasons);
            Assert.Equal(screen.EligibleItems, s.EligibleItems);

            var e = RoundTrip(estimate, options);
            Assert.Equal((estimate.TotalEur, estimate.LowEur, estimate.HighEur), (e.TotalEur, e.LowEur, e.HighEur));
            Assert.Equal(estimate.Items, e.Items);

            var p = RoundTrip(plan, options);
            Assert.Equal(plan.Allocations, p.Allocations);
            Assert.Equal((plan.IsComplete, plan.ShortfallEur), (p.IsComplete, p.ShortfallEur));

            Assert.Equal(steps, RoundTrip(steps, options));
            Assert.Equal(scenario.Items, RoundTrip(scenario, options).Items);
        }
    }

    [Fact]
    public void Enums_AreWrittenAsNames()
    {
        var json = JsonSerializer.Serialize(new EligibilityResult(EligibilityOutcome.PartiallyEligible, [], [], false), Web);

        Assert.Contains("\"result\":\"PartiallyEligible\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Policy_RoundTrips()
    {
        var policy = RoundTrip(Data.Policy);

        Assert.Equal(Data.Policy.StepsFor(6_000_000, true), policy.StepsFor(6_000_000, true));
        Assert.Equal(Data.Policy.FundsWaitLimit, policy.FundsWaitLimit);
    }

    [Fact]
    public void ReferenceRecords_RoundTrip()
    {
        Assert.Equal(Data.FindPartner("LBY"), RoundTrip(Data.FindPartner("LBY")!));
        var fund = RoundTrip(Data.FindFund("georgia")!);
        Assert.Equal((Data.FindFund("georgia")!.Id, 478_000m), (fund.Id, fund.CapacityEur));
        Assert.Equal(Data.FindFund("georgia")!.Areas, fund.Areas);
    }
}
