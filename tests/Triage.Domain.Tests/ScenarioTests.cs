namespace Triage.Domain.Tests;

/// <summary>The example requests of docs/domain.md, end to end through the domain core.</summary>
public sealed class ScenarioTests
{
    private static readonly ReferenceData Data = ReferenceData.LoadEmbedded();
    private static readonly HashSet<string> NoActive = [];

    private static (EligibilityResult Screen, Estimate? Estimate, FundingPlan? Plan, IReadOnlyList<ApprovalStepPlan> Steps) Run(Scenario scenario)
    {
        var screen = Eligibility.Screen(Data, scenario.Partner, scenario.Items, NoActive);
        if (screen.EligibleItems.Count == 0)
        {
            return (screen, null, null, []);
        }

        var estimate = CostEstimator.Estimate(Data, scenario.Partner, scenario.Items, screen.EligibleItems);
        var plan = FundingMatcher.Match(Data, scenario.Partner, estimate.ToCostedItems(), Data.InitialBalances());
        var steps = Data.Policy.StepsFor(estimate.TotalEur, screen.RequiresPoliticalReview);
        return (screen, estimate, plan, steps);
    }

    private static string[] StepNames(IReadOnlyList<ApprovalStepPlan> steps) => [.. steps.Select(s => s.Step)];

    [Fact]
    public void Scenarios_AllPassValidation()
    {
        foreach (var scenario in Scenarios.All)
        {
            Assert.Empty(RequestRules.ValidateItems(Data, scenario.Items));
        }
    }

    [Fact]
    public void Libya_PoliticalReview_HighRisk_TopTier_FundedFromCommonLine()
    {
        var (screen, estimate, plan, steps) = Run(Scenarios.Libya);

        Assert.Equal(EligibilityOutcome.Eligible, screen.Result);
        Assert.True(screen.RequiresPoliticalReview);
        Assert.Contains(screen.Reasons, r => r.Code == ReasonCodes.PoliticalReviewRequired);
        Assert.All(estimate!.Items, i => Assert.Equal(0.30m, i.RiskPremium));
        Assert.True(estimate.TotalEur > 5_000_000m, $"Libya's estimate is {estimate.TotalEur}");
        Assert.Equal(["political-review", "desk-officer", "asg-p", "dsg"], StepNames(steps));
        Assert.True(plan!.IsComplete);
        Assert.Equal(["partnership-common"], plan.PerFund().Keys);
    }

    [Fact]
    public void Iraq_ExpandedTraining_DcbFund_MiddleTier()
    {
        var (screen, estimate, plan, steps) = Run(Scenarios.Iraq);

        Assert.Equal(EligibilityOutcome.Eligible, screen.Result);
        Assert.False(screen.RequiresPoliticalReview);
        Assert.All(estimate!.Items, i => Assert.Equal(0.30m, i.RiskPremium));
        Assert.Equal(["desk-officer", "asg-p"], StepNames(steps));
        Assert.True(plan!.IsComplete);
        Assert.Equal(["dcb"], plan.PerFund().Keys);
    }

    [Fact]
    public void Jordan_Ammunition_JordanFund()
    {
        var (screen, estimate, plan, steps) = Run(Scenarios.Jordan);

        Assert.Equal(EligibilityOutcome.Eligible, screen.Result);
        Assert.Equal(0m, estimate!.Items[0].RiskPremium);
        Assert.Equal(["desk-officer", "asg-p"], StepNames(steps));
        Assert.True(plan!.IsComplete);
        Assert.Equal(["jordan-ammunition"], plan.PerFund().Keys);
    }

    [Fact]
    public void Georgia_MissileDestruction_GeorgiaFund_DeskOfficerOnly()
    {
        var (screen, estimate, plan, steps) = Run(Scenarios.Georgia);

        Assert.Equal(EligibilityOutcome.Eligible, screen.Result);
        Assert.True(estimate!.TotalEur <= 478_000m, $"Georgia's estimate is {estimate.TotalEur}");
        Assert.Equal(["desk-officer"], StepNames(steps));
        Assert.True(plan!.IsComplete);
        Assert.Equal(["georgia"], plan.PerFund().Keys);
    }

    [Fact]
    public void Georgia_EstimateCanBeCheckedByHand()
    {
        var (_, estimate, _, _) = Run(Scenarios.Georgia);

        // (set-up 80,000 + 10 participants x 8 weeks x 700 + 1 team x 8 weeks x 22,000) x 1.35 in country x 1.10 contingency.
        Assert.Equal((80_000m + 56_000m + 176_000m) * 1.35m * 1.10m, estimate!.TotalEur);
        Assert.Equal(463_320m, estimate.TotalEur);
    }

    [Fact]
    public void Russia_CooperationSuspended()
    {
        var (screen, estimate, _, _) = Run(Scenarios.Russia);

        Assert.Equal(EligibilityOutcome.Ineligible, screen.Result);
        Assert.Equal([ReasonCodes.CooperationSuspended], screen.Reasons.Select(r => r.Code));
        Assert.Null(estimate);
    }

    [Fact]
    public void UnknownCode_UnknownPartner()
    {
        var (screen, estimate, _, _) = Run(Scenarios.UnknownPartner);

        Assert.Equal(EligibilityOutcome.Ineligible, screen.Result);
        Assert.Equal([ReasonCodes.UnknownPartner], screen.Reasons.Select(r => r.Code));
        Assert.Null(estimate);
    }

    [Fact]
    public void Scenarios_FindByKey()
    {
        Assert.Same(Scenarios.Libya, Scenarios.Find("LIBYA"));
        Assert.Null(Scenarios.Find("atlantis"));
        Assert.Equal(Scenarios.All.Count, Scenarios.All.Select(s => s.Key).Distinct().Count());
    }
}
