namespace Triage.Domain.Tests;

public sealed class ApprovalPolicyTests
{
    private static readonly ApprovalPolicy Policy = ReferenceData.LoadEmbedded().Policy;

    private static string[] Steps(decimal estimate, bool political = false) => [.. Policy.StepsFor(estimate, political).Select(s => s.Step)];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(499_999)]
    public void UnderHalfAMillion_DeskOfficer(decimal estimate)
    {
        Assert.Equal(["desk-officer"], Steps(estimate));
        Assert.Equal(0, Policy.TierOf(estimate));
    }

    [Theory]
    [InlineData(500_000)]
    [InlineData(2_000_000)]
    [InlineData(5_000_000)]
    public void HalfAMillionToFiveMillion_ThenAsgP(decimal estimate)
    {
        Assert.Equal(["desk-officer", "asg-p"], Steps(estimate));
        Assert.Equal(1, Policy.TierOf(estimate));
    }

    [Theory]
    [InlineData(5_000_001)]
    [InlineData(250_000_000)]
    public void OverFiveMillion_ThenDsg(decimal estimate)
    {
        Assert.Equal(["desk-officer", "asg-p", "dsg"], Steps(estimate));
        Assert.Equal(2, Policy.TierOf(estimate));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1_000_000)]
    [InlineData(9_000_000)]
    public void PoliticalReview_ComesFirst(decimal estimate)
    {
        var steps = Steps(estimate, political: true);

        Assert.Equal(ApprovalSteps.PoliticalReview, steps[0]);
        Assert.Equal(Steps(estimate), steps[1..]);
    }

    [Fact]
    public void Timings_ComeFromTheFile_InIso8601()
    {
        var plan = Policy.StepsFor(9_000_000, politicalReview: true);

        Assert.Equal(
            [
                ("political-review", TimeSpan.FromDays(14), TimeSpan.FromDays(10), "asg.p@nato.int"),
                ("desk-officer", TimeSpan.FromDays(5), TimeSpan.FromDays(3), "head.of.section@nato.int"),
                ("asg-p", TimeSpan.FromDays(7), TimeSpan.FromDays(5), "deputy.asg.p@nato.int"),
                ("dsg", TimeSpan.FromDays(10), TimeSpan.FromDays(7), "chief.of.staff@nato.int"),
            ],
            plan.Select(s => (s.Step, s.Deadline, s.Reminder, string.Join(",", s.Deputies))));
        Assert.Equal(TimeSpan.FromDays(30), Policy.FundsWaitLimit);
        Assert.All(plan, s => Assert.True(s.Reminder < s.Deadline));
    }

    [Fact]
    public void Tests_CanUseSecondsLongTimings()
    {
        var data = ReferenceData.LoadEmbedded();
        var fast = data with { Policy = data.Policy.WithUniformTimings(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10)) };

        Assert.All(fast.Policy.StepsFor(9_000_000, true), s => Assert.Equal((TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(2)), (s.Deadline, s.Reminder)));
        Assert.Equal(TimeSpan.FromSeconds(10), fast.Policy.FundsWaitLimit);
        Assert.Equal(TimeSpan.FromDays(5), data.Policy.StepsFor(1, false)[0].Deadline);
        Assert.Throws<ArgumentException>(() => data.Policy.WithUniformTimings(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void SecondsLongDurations_LoadFromJson()
    {
        var files = ReferenceDataTests.FilesWith("approval-policy.json", root =>
        {
            root["fundsWaitLimit"] = "PT30S";
            root["steps"]![1]!["deadline"] = "PT4S";
            root["steps"]![1]!["reminder"] = "PT2S";
        });

        var policy = ReferenceData.Load(files).Policy;

        Assert.Equal(TimeSpan.FromSeconds(30), policy.FundsWaitLimit);
        var step = policy.StepsFor(1, false)[0];
        Assert.Equal(("desk-officer", TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(2)), (step.Step, step.Deadline, step.Reminder));
    }

    [Fact]
    public void AllSteps_AreTheFourKnown()
    {
        Assert.Equal([ApprovalSteps.PoliticalReview, ApprovalSteps.DeskOfficer, ApprovalSteps.AsgP, ApprovalSteps.Dsg], Policy.AllSteps);
    }
}
