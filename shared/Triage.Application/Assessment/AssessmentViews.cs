using Triage.Contracts;
using Triage.Domain;

namespace Triage.Application.Assessment;

/// <summary>The domain's results as the shapes on the wire (and in the request's stored record).</summary>
public static class AssessmentViews
{
    public static IReadOnlyList<LineItem> ToLineItems(IReadOnlyList<LineItemInput> items) =>
        [.. items.Select(i => new LineItem(i.Area, i.Participants, i.Weeks, i.Location))];

    public static EligibilityView ToView(EligibilityResult result) =>
        new(result.Result.ToString(), [.. result.Reasons.Select(r => new ReasonView(r.Code, r.Item, r.Message))]);

    public static EstimateView ToView(Estimate estimate) =>
        new(estimate.TotalEur, estimate.LowEur, estimate.HighEur, [.. estimate.Items.Select(i => new ItemEstimateView(
            i.Item, i.Area, i.Participants, i.Weeks, i.Location, i.SetupEur, i.ParticipantWeeksEur, i.TeamWeeksEur,
            i.LocationFactor, i.RiskPremium, i.Contingency, i.TotalEur))]);

    public static FundingView ToView(FundingPlan plan) =>
        new([.. plan.PerFund().Select(kv => new PlanLineView(kv.Key, kv.Value))], plan.ShortfallEur);
}
