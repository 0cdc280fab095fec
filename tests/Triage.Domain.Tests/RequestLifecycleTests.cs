using System.Text.Json;

namespace Triage.Domain.Tests;

public sealed class RequestLifecycleTests
{
    private static RequestLifecycle At(params Stage[] path)
    {
        var lifecycle = new RequestLifecycle();
        foreach (var stage in path)
        {
            lifecycle.MoveTo(stage);
        }

        return lifecycle;
    }

    [Fact]
    public void HappyPath_ReachesApproved()
    {
        var lifecycle = new RequestLifecycle();
        lifecycle.StartScreening();
        lifecycle.StartCosting();
        lifecycle.StartFunding();
        lifecycle.AwaitApproval();
        lifecycle.StartFinalizing();
        lifecycle.Complete(Outcome.Approved);

        Assert.Equal(Stage.Completed, lifecycle.Stage);
        Assert.Equal(Outcome.Approved, lifecycle.Outcome);
        Assert.True(lifecycle.IsCompleted);
        Assert.Equal("Completed (Approved)", lifecycle.ToString());
    }

    [Fact]
    public void WaitingForFunds_CanReplan_ThenApprove()
    {
        var lifecycle = At(Stage.Screening, Stage.Costing, Stage.Funding, Stage.AwaitingFunds, Stage.Funding, Stage.AwaitingApproval, Stage.Finalizing);
        lifecycle.Complete(Outcome.Approved);

        Assert.Equal(Outcome.Approved, lifecycle.Outcome);
    }

    [Theory]
    [InlineData(Stage.Received, Stage.Costing)]
    [InlineData(Stage.Received, Stage.AwaitingApproval)]
    [InlineData(Stage.Screening, Stage.Funding)]
    [InlineData(Stage.Costing, Stage.AwaitingApproval)]
    [InlineData(Stage.AwaitingApproval, Stage.Funding)]
    [InlineData(Stage.AwaitingFunds, Stage.AwaitingApproval)]
    [InlineData(Stage.Screening, Stage.Screening)]
    [InlineData(Stage.Screening, Stage.Received)]
    [InlineData(Stage.Screening, Stage.Completed)]
    public void IllegalMove_Throws_NamingFromAndTo(Stage from, Stage to)
    {
        var lifecycle = new RequestLifecycle(from, null, from);

        var error = Assert.Throws<InvalidOperationException>(() => lifecycle.MoveTo(to));

        Assert.Equal($"A request cannot move from {from} to {to}.", error.Message);
        Assert.Equal(from, lifecycle.Stage);
    }

    [Fact]
    public void AwaitFunds_WhenAlreadyAwaitingFunds_ChangesNothing()
    {
        var lifecycle = At(Stage.Screening, Stage.Costing, Stage.Funding);
        lifecycle.AwaitFunds();

        lifecycle.AwaitFunds();

        Assert.Equal((Stage.AwaitingFunds, Stage.AwaitingFunds, (Outcome?)null), (lifecycle.Stage, lifecycle.LastWorkingStage, lifecycle.Outcome));
        lifecycle.StartFunding();
        Assert.Equal(Stage.Funding, lifecycle.Stage);
    }

    [Fact]
    public void StartFinalizing_WhenAlreadyFinalizing_ChangesNothing_AndKeepsTheLastWorkingStage()
    {
        var lifecycle = At(Stage.Screening, Stage.Costing, Stage.Funding, Stage.AwaitingApproval);
        lifecycle.StartFinalizing();

        lifecycle.StartFinalizing();

        Assert.Equal((Stage.Finalizing, Stage.AwaitingApproval), (lifecycle.Stage, lifecycle.LastWorkingStage));
        lifecycle.Complete(Outcome.Approved);
        Assert.Equal(Outcome.Approved, lifecycle.Outcome);
    }

    [Theory]
    [InlineData(Stage.AwaitingFunds)]
    [InlineData(Stage.Finalizing)]
    public void MoveTo_TheStageItIsAt_StillThrows_ForTheRepeatableMovesToo(Stage stage)
    {
        var lifecycle = stage == Stage.Finalizing
            ? At(Stage.Screening, Stage.Costing, Stage.Funding, Stage.Finalizing)
            : At(Stage.Screening, Stage.Costing, Stage.Funding, Stage.AwaitingFunds);

        var error = Assert.Throws<InvalidOperationException>(() => lifecycle.MoveTo(stage));

        Assert.Equal($"A request cannot move from {stage} to {stage}.", error.Message);
    }

    [Theory]
    [InlineData(Stage.Received)]
    [InlineData(Stage.Costing)]
    [InlineData(Stage.AwaitingApproval)]
    public void AwaitFunds_FromAStageThatCannotWait_StillThrows(Stage from)
    {
        var lifecycle = new RequestLifecycle(from, null, from);

        var error = Assert.Throws<InvalidOperationException>(lifecycle.AwaitFunds);

        Assert.Equal($"A request cannot move from {from} to {Stage.AwaitingFunds}.", error.Message);
        Assert.Equal(from, lifecycle.Stage);
    }

    [Fact]
    public void StartFinalizing_OnceCompleted_StillThrows()
    {
        var lifecycle = At(Stage.Screening);
        lifecycle.StartFinalizing();
        lifecycle.Complete(Outcome.Ineligible);

        Assert.Throws<InvalidOperationException>(lifecycle.StartFinalizing);
        Assert.Throws<InvalidOperationException>(lifecycle.AwaitFunds);
        Assert.Equal((Stage.Completed, Outcome.Ineligible), (lifecycle.Stage, lifecycle.Outcome!.Value));
    }

    [Theory]
    [InlineData(Stage.Screening, Outcome.Ineligible)]
    [InlineData(Stage.Funding, Outcome.Unfunded)]
    [InlineData(Stage.AwaitingFunds, Outcome.Unfunded)]
    [InlineData(Stage.AwaitingApproval, Outcome.Rejected)]
    [InlineData(Stage.AwaitingApproval, Outcome.Expired)]
    [InlineData(Stage.AwaitingApproval, Outcome.Withdrawn)]
    [InlineData(Stage.AwaitingFunds, Outcome.Withdrawn)]
    [InlineData(Stage.Received, Outcome.Failed)]
    [InlineData(Stage.Costing, Outcome.Failed)]
    public void Outcome_FromItsStage_DirectlyOrThroughFinalizing(Stage stage, Outcome outcome)
    {
        var direct = new RequestLifecycle(stage, null, stage);
        var finalizing = new RequestLifecycle(stage, null, stage);
        finalizing.StartFinalizing();

        direct.Complete(outcome);
        finalizing.Complete(outcome);

        Assert.Equal((Stage.Completed, outcome), (direct.Stage, direct.Outcome!.Value));
        Assert.Equal((Stage.Completed, outcome), (finalizing.Stage, finalizing.Outcome!.Value));
    }

    [Theory]
    [InlineData(Stage.Funding, Outcome.Approved)]
    [InlineData(Stage.Screening, Outcome.Approved)]
    [InlineData(Stage.Costing, Outcome.Ineligible)]
    [InlineData(Stage.AwaitingApproval, Outcome.Unfunded)]
    [InlineData(Stage.AwaitingFunds, Outcome.Rejected)]
    [InlineData(Stage.Screening, Outcome.Expired)]
    public void Outcome_FromTheWrongStage_Throws(Stage stage, Outcome outcome)
    {
        var lifecycle = new RequestLifecycle(stage, null, stage);
        lifecycle.StartFinalizing();

        var error = Assert.Throws<InvalidOperationException>(() => lifecycle.Complete(outcome));

        Assert.Contains($"from {Stage.Finalizing} (after {stage}) to {Stage.Completed} with outcome {outcome}", error.Message, StringComparison.Ordinal);
        Assert.False(lifecycle.CanComplete(outcome));
    }

    [Fact]
    public void Completed_IsFinal()
    {
        var lifecycle = At(Stage.Screening);
        lifecycle.Complete(Outcome.Ineligible);

        Assert.Throws<InvalidOperationException>(() => lifecycle.Complete(Outcome.Withdrawn));
        Assert.Throws<InvalidOperationException>(() => lifecycle.MoveTo(Stage.Finalizing));
        Assert.All(Enum.GetValues<Stage>(), s => Assert.False(lifecycle.CanMoveTo(s)));
    }

    [Fact]
    public void Finalizing_OnlyCompletes()
    {
        var lifecycle = At(Stage.Screening, Stage.Costing, Stage.Funding, Stage.AwaitingApproval, Stage.Finalizing);

        Assert.All(Enum.GetValues<Stage>(), s => Assert.False(lifecycle.CanMoveTo(s)));
        Assert.Equal(Stage.AwaitingApproval, lifecycle.LastWorkingStage);
    }

    [Fact]
    public void RoundTripsThroughJson()
    {
        var lifecycle = At(Stage.Screening, Stage.Costing, Stage.Funding, Stage.AwaitingApproval, Stage.Finalizing);

        var json = JsonSerializer.Serialize(lifecycle);
        var back = JsonSerializer.Deserialize<RequestLifecycle>(json)!;
        back.Complete(Outcome.Approved);

        Assert.Contains("\"Stage\":\"Finalizing\"", json, StringComparison.Ordinal);
        Assert.Equal(Outcome.Approved, back.Outcome);
    }

    [Theory]
    [InlineData(Stage.Completed, null, Stage.Screening)]
    [InlineData(Stage.Screening, Outcome.Ineligible, Stage.Screening)]
    [InlineData(Stage.Completed, Outcome.Approved, Stage.Funding)]
    [InlineData(Stage.Funding, null, Stage.Screening)]
    [InlineData(Stage.Finalizing, null, Stage.Completed)]
    public void Restore_RefusesImpossibleStates(Stage stage, Outcome? outcome, Stage lastWorking)
    {
        Assert.Throws<ArgumentException>(() => new RequestLifecycle(stage, outcome, lastWorking));
    }
}
