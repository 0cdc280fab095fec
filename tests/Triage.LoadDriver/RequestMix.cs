using Triage.Domain;

namespace Triage.LoadDriver;

/// <summary>
/// The requests the driver submits: small ones from many partners, one area each, none needing a
/// political review — the common path. Request <c>i</c> is always the same, so runs compare. Past the
/// distinct partner/area pairs (about 400) the pairs repeat; a repeat is screened as needing review
/// (an active duplicate) and travels the same path to its first approval step.
/// </summary>
internal sealed class RequestMix
{
    private readonly List<(string Partner, string Area, int Steps)> pairs;

    /// <param name="onlyPartner">Every request from this partner (a given partner token), or null for all.</param>
    public RequestMix(string? onlyPartner)
    {
        var data = ReferenceData.LoadEmbedded();
        pairs = (
            from partner in data.Partners
            where onlyPartner is null || partner.Code == onlyPartner
            from area in data.Areas
            let items = new[] { new LineItem(area.Id, 4, 1, "nato-facility") }
            let screen = Eligibility.Screen(data, partner.Code, items, new HashSet<string>())
            where screen.Result == EligibilityOutcome.Eligible && !screen.RequiresPoliticalReview
            let estimate = CostEstimator.Estimate(data, partner.Code, items, [0])
            select (partner.Code, area.Id, data.Policy.StepsFor(estimate.TotalEur, politicalReview: false).Count)).ToList();
        if (pairs.Count == 0)
        {
            throw new ArgumentException($"Partner {onlyPartner} has no area it is eligible for without a political review.");
        }
    }

    public (string Partner, object Body) Request(int i)
    {
        var (partner, area, _) = pairs[i % pairs.Count];
        return (partner, new
        {
            title = $"Load {i}: {area}",
            summary = "Load driver request",
            items = new[] { new { area, participants = 4, weeks = 1, location = "nato-facility" } },
            requestedStart = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(60)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            contact = new { name = "Load Driver", email = "load@example.org" },
        });
    }

    /// <summary>The approval steps request <paramref name="i"/> goes through (the bare engine's shape of it).</summary>
    public int Steps(int i) => pairs[i % pairs.Count].Steps;
}
