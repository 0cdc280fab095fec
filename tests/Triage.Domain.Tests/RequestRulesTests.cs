namespace Triage.Domain.Tests;

public sealed class RequestRulesTests
{
    private static readonly ReferenceData Data = ReferenceData.LoadEmbedded();

    [Fact]
    public void ValidItems_NoErrors()
    {
        Assert.Empty(RequestRules.ValidateItems(Data, [new LineItem("counter-ied", 1, 1, "in-country"), new LineItem("logistics", RequestRules.MaxParticipants, RequestRules.MaxWeeks, "mobile-team")]));
    }

    [Fact]
    public void NoItems_IsAnError()
    {
        Assert.Equal([new FieldError("items", "at least one line item is required")], RequestRules.ValidateItems(Data, []));
        Assert.Equal("items", Assert.Single(RequestRules.ValidateItems(Data, null)).Field);
    }

    [Fact]
    public void TooManyItems_IsAnError()
    {
        var items = Enumerable.Repeat(new LineItem("counter-ied", 1, 1, "in-country"), RequestRules.MaxItems + 1).ToList();

        Assert.Equal("items", Assert.Single(RequestRules.ValidateItems(Data, items)).Field);
    }

    [Theory]
    [InlineData(0, 4, "items[1].participants")]
    [InlineData(-3, 4, "items[1].participants")]
    [InlineData(5_001, 4, "items[1].participants")]
    [InlineData(10, 0, "items[1].weeks")]
    [InlineData(10, 157, "items[1].weeks")]
    public void Quantities_MustBePositiveAndSane(int participants, int weeks, string field)
    {
        var errors = RequestRules.ValidateItems(Data, [new LineItem("counter-ied", 1, 1, "in-country"), new LineItem("counter-ied", participants, weeks, "in-country")]);

        Assert.Equal(field, Assert.Single(errors).Field);
    }

    [Fact]
    public void UnknownLocation_IsAnError_ListingTheKnownOnes()
    {
        var error = Assert.Single(RequestRules.ValidateItems(Data, [new LineItem("counter-ied", 1, 1, "the-moon")]));

        Assert.Equal("items[0].location", error.Field);
        Assert.Contains("nato-facility, in-country, mobile-team", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownArea_IsNotAFieldError()
    {
        // It is the eligibility reason AREA_NOT_OFFERED.
        Assert.Empty(RequestRules.ValidateItems(Data, [new LineItem("space-exploration", 1, 1, "in-country")]));
    }

    [Fact]
    public void EveryProblem_IsReported()
    {
        var errors = RequestRules.ValidateItems(Data, [new LineItem("", 0, 0, ""), null!]);

        Assert.Equal(["items[0].area", "items[0].participants", "items[0].weeks", "items[0].location", "items[1]"], errors.Select(e => e.Field));
    }
}
