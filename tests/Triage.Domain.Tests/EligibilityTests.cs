namespace Triage.Domain.Tests;

public sealed class EligibilityTests
{
    private static readonly ReferenceData Data = ReferenceData.LoadEmbedded();
    private static readonly HashSet<string> NoActive = [];

    private static LineItem Item(string area) => new(area, 10, 4, "nato-facility");

    [Fact]
    public void UnknownPartner_IsIneligible_WithOnlyThatReason()
    {
        var result = Eligibility.Screen(Data, "ZZZ", [Item("counter-ied"), Item("made-up")], NoActive);

        Assert.Equal(EligibilityOutcome.Ineligible, result.Result);
        var reason = Assert.Single(result.Reasons);
        Assert.Equal(new Reason(ReasonCodes.UnknownPartner, null, "No partner with the code 'ZZZ'."), reason);
        Assert.Empty(result.EligibleItems);
        Assert.False(result.RequiresPoliticalReview);
    }

    [Theory]
    [InlineData("RUS")]
    [InlineData("BLR")]
    public void SuspendedPartner_IsIneligible(string code)
    {
        var result = Eligibility.Screen(Data, code, [Item("counter-ied")], NoActive);

        Assert.Equal(EligibilityOutcome.Ineligible, result.Result);
        Assert.Equal([ReasonCodes.CooperationSuspended], result.Reasons.Select(r => r.Code));
        Assert.Contains(Data.FindPartner(code)!.Name, result.Reasons[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AreaNotOffered_DropsThatItem_PartiallyEligible()
    {
        var result = Eligibility.Screen(Data, "GEO", [Item("counter-ied"), Item("space-exploration"), Item("logistics")], NoActive);

        Assert.Equal(EligibilityOutcome.PartiallyEligible, result.Result);
        var reason = Assert.Single(result.Reasons);
        Assert.Equal((ReasonCodes.AreaNotOffered, 1), (reason.Code, reason.Item));
        Assert.Contains("space-exploration", reason.Message, StringComparison.Ordinal);
        Assert.Equal([0, 2], result.EligibleItems);
    }

    [Fact]
    public void AreaNotOpenToPartner_DropsThatItem()
    {
        // Exercises presuppose a framework partnership; Libya is outside every framework.
        var result = Eligibility.Screen(Data, "LBY", [Item("military-exercises"), Item("security-sector-reform")], NoActive);

        Assert.Equal(EligibilityOutcome.PartiallyEligible, result.Result);
        Assert.Contains(result.Reasons, r => r.Code == ReasonCodes.AreaNotOpenToPartner && r.Item == 0);
        Assert.Equal([1], result.EligibleItems);
        Assert.True(result.RequiresPoliticalReview);
    }

    [Fact]
    public void EveryItemDropped_IsIneligible_WithEveryReason()
    {
        var result = Eligibility.Screen(Data, "LBY", [Item("cyber-defence"), Item("nope")], NoActive);

        Assert.Equal(EligibilityOutcome.Ineligible, result.Result);
        Assert.Equal(
            [(ReasonCodes.PoliticalReviewRequired, (int?)null), (ReasonCodes.AreaNotOpenToPartner, 0), (ReasonCodes.AreaNotOffered, 1)],
            result.Reasons.Select(r => (r.Code, r.Item)));
        Assert.False(result.RequiresPoliticalReview);
    }

    [Fact]
    public void DuplicateActive_NeedsReview_ItemStaysEligible()
    {
        var result = Eligibility.Screen(Data, "JOR", [Item("ammunition-management"), Item("counter-ied")], new HashSet<string> { "ammunition-management" });

        Assert.Equal(EligibilityOutcome.NeedsReview, result.Result);
        var reason = Assert.Single(result.Reasons);
        Assert.Equal((ReasonCodes.DuplicateActive, 0), (reason.Code, reason.Item));
        Assert.Equal([0, 1], result.EligibleItems);
    }

    [Fact]
    public void NeedsReview_WinsOverPartiallyEligible()
    {
        var result = Eligibility.Screen(Data, "JOR", [Item("ammunition-management"), Item("nope")], new HashSet<string> { "ammunition-management" });

        Assert.Equal(EligibilityOutcome.NeedsReview, result.Result);
        Assert.Equal([0], result.EligibleItems);
    }

    [Fact]
    public void ConditionsPermit_IsEligible_WithPoliticalReview()
    {
        var result = Eligibility.Screen(Data, "LBY", [Item("defence-institution-building")], NoActive);

        Assert.Equal(EligibilityOutcome.Eligible, result.Result);
        Assert.True(result.RequiresPoliticalReview);
        Assert.Equal([ReasonCodes.PoliticalReviewRequired], result.Reasons.Select(r => r.Code));
    }

    [Fact]
    public void FrameworkPartner_AllAreas_Eligible_NoReasons()
    {
        var items = Data.Areas.Select(a => Item(a.Id)).ToList();

        var result = Eligibility.Screen(Data, "SWE", items, NoActive);

        Assert.Equal(EligibilityOutcome.Eligible, result.Result);
        Assert.Empty(result.Reasons);
        Assert.Equal(Enumerable.Range(0, items.Count), result.EligibleItems);
        Assert.False(result.RequiresPoliticalReview);
    }

    [Fact]
    public void NoItems_IsIneligible()
    {
        var result = Eligibility.Screen(Data, "SWE", [], NoActive);

        Assert.Equal(EligibilityOutcome.Ineligible, result.Result);
        Assert.Equal([ReasonCodes.NoItems], result.Reasons.Select(r => r.Code));
    }

    [Fact]
    public void PartnerCode_IsCaseInsensitive()
    {
        Assert.Equal(EligibilityOutcome.Eligible, Eligibility.Screen(Data, "geo", [Item("counter-ied")], NoActive).Result);
    }

    [Fact]
    public void RulesAreData_EffectAndMessageComeFromTheFile()
    {
        // Make duplicates drop the item instead of asking for review, with another message.
        var rules = Data.Rules.Select(r => r.Code == ReasonCodes.DuplicateActive ? r with { Effect = RuleEffect.ExcludeItem, Message = "dup {area} #{item} of {partner}" } : r).ToList();
        var data = Data with { Rules = rules };

        var result = Eligibility.Screen(data, "JOR", [Item("counter-ied"), Item("ammunition-management")], new HashSet<string> { "ammunition-management" });

        Assert.Equal(EligibilityOutcome.PartiallyEligible, result.Result);
        Assert.Equal("dup ammunition-management #1 of JOR", Assert.Single(result.Reasons).Message);
        Assert.Equal([0], result.EligibleItems);
    }

    [Fact]
    public void RulesAreData_ARemovedRuleDoesNotFire()
    {
        var data = Data with { Rules = [.. Data.Rules.Where(r => r.Code != ReasonCodes.CooperationSuspended)] };

        Assert.Equal(EligibilityOutcome.Eligible, Eligibility.Screen(data, "RUS", [Item("counter-ied")], NoActive).Result);
    }
}
