namespace Triage.Domain;

/// <summary>
/// Costs line items from the rate card. Per item: set-up + participants × weeks × participant-week rate
/// + teams × weeks × team-week rate, where teams = ceil(participants / participants per team); times the
/// location factor; times (1 + the partner's risk premium) when the work is in the partner's country;
/// times (1 + contingency). Amounts stay exact decimals until each item total is rounded to whole euros
/// (half away from zero).
/// </summary>
public static class CostEstimator
{
    /// <param name="itemIndices">The 0-based items to cost, usually <see cref="EligibilityResult.EligibleItems"/>.</param>
    public static Estimate Estimate(ReferenceData data, string partnerCode, IReadOnlyList<LineItem> items, IReadOnlyList<int> itemIndices)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(itemIndices);
        var partner = data.FindPartner(partnerCode)
            ?? throw new ArgumentException($"No partner with the code '{partnerCode}'.", nameof(partnerCode));
        var riskPremium = data.RateCard.RiskPremiums.TryGetValue(partner.Risk, out var premium)
            ? premium
            : throw new ArgumentException($"Partner {partner.Code} has risk level '{partner.Risk}', which the rate card does not price.", nameof(partnerCode));
        var card = data.RateCard;

        var estimates = new List<ItemEstimate>(itemIndices.Count);
        var total = 0m;
        foreach (var index in itemIndices)
        {
            if (index < 0 || index >= items.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(itemIndices), index, $"No line item {index}; the request has {items.Count}.");
            }

            var item = items[index];
            if (item.Participants < 1 || item.Weeks < 1)
            {
                throw new ArgumentException($"Line item {index} has {item.Participants} participants for {item.Weeks} weeks; validate before costing.", nameof(items));
            }

            var rate = data.FindRate(item.Area)
                ?? throw new ArgumentException($"Line item {index}: the rate card has no rate for area '{item.Area}'.", nameof(items));
            var location = data.FindLocation(item.Location)
                ?? throw new ArgumentException($"Line item {index}: unknown location '{item.Location}'.", nameof(items));

            var teams = (item.Participants + rate.ParticipantsPerTeam - 1) / rate.ParticipantsPerTeam;
            var participantWeeks = (decimal)item.Participants * item.Weeks * rate.ParticipantWeekEur;
            var teamWeeks = (decimal)teams * item.Weeks * rate.TeamWeekEur;
            var risk = location.InPartnerCountry ? riskPremium : 0m;
            var exact = (rate.SetupEur + participantWeeks + teamWeeks) * location.Factor * (1 + risk) * (1 + card.Contingency);
            var itemTotal = Math.Round(exact, 0, MidpointRounding.AwayFromZero);
            total += itemTotal;
            estimates.Add(new ItemEstimate(
                index, item.Area, item.Participants, item.Weeks, item.Location,
                rate.SetupEur, participantWeeks, teamWeeks, location.Factor, risk, card.Contingency, itemTotal));
        }

        var low = Math.Round(total * (1 - card.RangeBelow), 0, MidpointRounding.AwayFromZero);
        var high = Math.Round(total * (1 + card.RangeAbove), 0, MidpointRounding.AwayFromZero);
        return new Estimate(total, low, high, estimates);
    }
}
