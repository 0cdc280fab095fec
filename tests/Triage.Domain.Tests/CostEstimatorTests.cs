using CsCheck;

namespace Triage.Domain.Tests;

public sealed class CostEstimatorTests
{
    private static readonly ReferenceData Data = ReferenceData.LoadEmbedded();

    private static ItemEstimate One(string partner, LineItem item) => Assert.Single(CostEstimator.Estimate(Data, partner, [item], [0]).Items);

    [Fact]
    public void Components_AtANatoFacility_LowRisk()
    {
        // counter-ied: set-up 90,000; 1,100 per participant-week; 24,000 per team-week; 16 per team.
        var item = One("SWE", new LineItem("counter-ied", 20, 3, "nato-facility"));

        Assert.Equal(90_000m, item.SetupEur);
        Assert.Equal(20 * 3 * 1_100m, item.ParticipantWeeksEur);
        Assert.Equal(2 * 3 * 24_000m, item.TeamWeeksEur); // 20 participants → 2 teams
        Assert.Equal(1.00m, item.LocationFactor);
        Assert.Equal(0m, item.RiskPremium);
        Assert.Equal(0.10m, item.Contingency);
        Assert.Equal((90_000m + 66_000m + 144_000m) * 1.10m, item.TotalEur);
    }

    [Fact]
    public void LocationFactor_AppliesToTheWholeItem()
    {
        var facility = One("SWE", new LineItem("logistics", 10, 2, "nato-facility"));
        var inCountry = One("SWE", new LineItem("logistics", 10, 2, "in-country"));
        var mobile = One("SWE", new LineItem("logistics", 10, 2, "mobile-team"));

        Assert.Equal(1.35m, inCountry.LocationFactor);
        Assert.Equal(1.15m, mobile.LocationFactor);
        Assert.Equal(Math.Round(facility.TotalEur * 1.35m, MidpointRounding.AwayFromZero), inCountry.TotalEur);
        Assert.Equal(Math.Round(facility.TotalEur * 1.15m, MidpointRounding.AwayFromZero), mobile.TotalEur);
    }

    [Theory]
    [InlineData("IRQ", "in-country", 0.30)]
    [InlineData("LBY", "mobile-team", 0.30)]
    [InlineData("UKR", "in-country", 0.12)]
    [InlineData("SWE", "in-country", 0.0)]
    [InlineData("IRQ", "nato-facility", 0.0)]
    public void RiskPremium_AppliesInThePartnersCountryOnly(string partner, string location, double premium)
    {
        var item = One(partner, new LineItem("education-and-training", 25, 4, location));
        var baseline = One("SWE", new LineItem("education-and-training", 25, 4, location));

        Assert.Equal((decimal)premium, item.RiskPremium);
        Assert.Equal(Math.Round(baseline.TotalEur / 1.10m / baseline.LocationFactor * item.LocationFactor * (1 + item.RiskPremium) * 1.10m, MidpointRounding.AwayFromZero), item.TotalEur);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(12, 1)]
    [InlineData(13, 2)]
    [InlineData(24, 2)]
    [InlineData(25, 3)]
    public void Teams_AreParticipantsOverTeamSize_RoundedUp(int participants, int teams)
    {
        // ammunition-management: 12 per team, 22,000 per team-week.
        Assert.Equal(teams * 5 * 22_000m, One("SWE", new LineItem("ammunition-management", participants, 5, "nato-facility")).TeamWeeksEur);
    }

    [Fact]
    public void Totals_AreWholeEuros_AndTheTotalIsTheSumOfItemTotals()
    {
        var items = new List<LineItem> { new("logistics", 7, 3, "mobile-team"), new("cyber-defence", 13, 5, "in-country"), new("interoperability", 3, 1, "in-country") };

        var estimate = CostEstimator.Estimate(Data, "UKR", items, [0, 1, 2]);

        Assert.All(estimate.Items, i => Assert.Equal(decimal.Truncate(i.TotalEur), i.TotalEur));
        Assert.Equal(estimate.Items.Sum(i => i.TotalEur), estimate.TotalEur);
        Assert.All(estimate.Items, i => Assert.Equal(
            Math.Round((i.SetupEur + i.ParticipantWeeksEur + i.TeamWeeksEur) * i.LocationFactor * (1 + i.RiskPremium) * (1 + i.Contingency), MidpointRounding.AwayFromZero),
            i.TotalEur));
    }

    [Fact]
    public void Range_IsTotalWidenedByTheRateCard()
    {
        var estimate = CostEstimator.Estimate(Data, "SWE", [new LineItem("counter-ied", 20, 3, "nato-facility")], [0]);

        Assert.Equal(330_000m, estimate.TotalEur);
        Assert.Equal(330_000m * 0.85m, estimate.LowEur);
        Assert.Equal(330_000m * 1.30m, estimate.HighEur);
    }

    [Fact]
    public void OnlyTheGivenItems_AreCosted_KeepingTheirNumbers()
    {
        var items = new List<LineItem> { new("logistics", 7, 3, "mobile-team"), new("nope", 1, 1, "in-country"), new("cyber-defence", 13, 5, "in-country") };

        var estimate = CostEstimator.Estimate(Data, "SWE", items, [0, 2]);

        Assert.Equal([0, 2], estimate.Items.Select(i => i.Item));
        Assert.Equal([new CostedItem(0, "logistics", estimate.Items[0].TotalEur), new CostedItem(2, "cyber-defence", estimate.Items[1].TotalEur)], estimate.ToCostedItems());
    }

    [Fact]
    public void NothingToCost_IsZero()
    {
        var estimate = CostEstimator.Estimate(Data, "SWE", [new LineItem("nope", 1, 1, "in-country")], []);

        Assert.Equal((0m, 0m, 0m), (estimate.TotalEur, estimate.LowEur, estimate.HighEur));
        Assert.Empty(estimate.Items);
    }

    [Fact]
    public void BadInput_Throws()
    {
        LineItem[] items = [new("counter-ied", 1, 1, "in-country")];

        Assert.Throws<ArgumentException>(() => CostEstimator.Estimate(Data, "ZZZ", items, [0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => CostEstimator.Estimate(Data, "SWE", items, [1]));
        Assert.Throws<ArgumentException>(() => CostEstimator.Estimate(Data, "SWE", [new LineItem("nope", 1, 1, "in-country")], [0]));
        Assert.Throws<ArgumentException>(() => CostEstimator.Estimate(Data, "SWE", [new LineItem("counter-ied", 0, 1, "in-country")], [0]));
    }

    private static readonly Gen<(string Partner, LineItem Item)> GenItem =
        from partner in Gen.OneOfConst("SWE", "IRQ", "UKR", "LBY", "JOR")
        from area in Gen.OneOfConst([.. Data.Areas.Select(a => a.Id)])
        from location in Gen.OneOfConst([.. Data.Locations.Select(l => l.Id)])
        from participants in Gen.Int[1, RequestRules.MaxParticipants - 1]
        from weeks in Gen.Int[1, RequestRules.MaxWeeks - 1]
        select (partner, new LineItem(area, participants, weeks, location));

    [Fact]
    public void Property_EstimateGrowsWithParticipants()
    {
        GenItem.Sample(x =>
        {
            var more = x.Item with { Participants = x.Item.Participants + 1 };
            return One(x.Partner, more).TotalEur > One(x.Partner, x.Item).TotalEur;
        }, iter: 2_000);
    }

    [Fact]
    public void Property_EstimateGrowsWithWeeks()
    {
        GenItem.Sample(x =>
        {
            var longer = x.Item with { Weeks = x.Item.Weeks + 1 };
            return One(x.Partner, longer).TotalEur > One(x.Partner, x.Item).TotalEur;
        }, iter: 2_000);
    }

    [Fact]
    public void Property_TotalIsSumOfItems_RangeBracketsTotal_Deterministic()
    {
        GenItem.Array[1, 10].Sample(xs =>
        {
            var items = xs.Select(x => x.Item).ToList();
            var indices = Enumerable.Range(0, items.Count).ToList();
            var a = CostEstimator.Estimate(Data, xs[0].Partner, items, indices);
            var b = CostEstimator.Estimate(Data, xs[0].Partner, items, indices);
            return a.TotalEur == a.Items.Sum(i => i.TotalEur)
                && a.LowEur <= a.TotalEur && a.TotalEur <= a.HighEur
                && a.TotalEur == b.TotalEur && a.Items.SequenceEqual(b.Items);
        }, iter: 500);
    }
}
