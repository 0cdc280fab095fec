using Microsoft.DurableTask.Client;
using Triage.Application.Orchestration;
using Triage.Application.UseCases;
using Triage.Domain;
using Triage.Storage;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.EndToEnd;

/// <summary>An admin restart: refused once the request has its outcome; otherwise the next execution
/// (generation) has its own decisions and tokens, so its approvers decide again.</summary>
public sealed class RestartTests(MemoryHostFixture host) : IClassFixture<MemoryHostFixture>
{
    [Fact]
    public async Task Restart_OfACompletedRequest_IsRefused_TheRequestHasItsOutcome()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, restarted after the end");
        await host.WaitForStepAsync(id, "desk-officer");
        await host.DecideByHttpAsync(id, "desk-officer", Decision.Approve, "desk.officer@nato.int");
        await host.WaitForCompletionAsync(id);

        var result = await host.UseCase<RestartInstance>().RunAsync(id, "admin", host.Client, CancellationToken.None);

        Assert.Equal((CommandStatus.Conflict, "HAS_OUTCOME"), (result.Status, result.Reason));
        Assert.Contains("has its outcome (Approved)", result.Message, StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.Client.GetInstanceAsync(id))!.RuntimeStatus);
        Assert.Equal(Outcome.Approved, (await host.GetAsync(id))!.Outcome);
    }

    [Fact]
    public async Task Restart_OfARunningRequest_IsRefused()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, restarted while running");
        await host.WaitForStepAsync(id, "desk-officer");

        var result = await host.UseCase<RestartInstance>().RunAsync(id, "admin", host.Client, CancellationToken.None);

        Assert.Equal((CommandStatus.Conflict, "INSTANCE_STATE"), (result.Status, result.Reason));
        await host.WithdrawAsync(id, "GEO");
        await host.WaitForOutcomeAsync(id);
    }

    [Fact]
    public async Task Restart_OfATerminatedRequest_GivesTheNewExecutionItsOwnDecisions()
    {
        var id = await host.SubmitAsync(Scenarios.Iraq, "Training, restarted");
        await host.WaitForStepAsync(id, "desk-officer");
        Assert.True((await host.DecideByHttpAsync(id, "desk-officer", Decision.Approve, "desk.officer@nato.int", "first run")).Succeeded);
        await host.WaitForStepAsync(id, "asg-p");
        var firstRunAsk = await host.ApprovalMessageAsync(id, "asg-p");
        await host.Client.TerminateInstanceAsync(id, "stuck");
        await host.WaitForCompletionAsync(id);

        var restarted = await host.UseCase<RestartInstance>().RunAsync(id, "admin", host.Client, CancellationToken.None);
        Assert.True(restarted.Succeeded, $"{restarted.Status} {restarted.Reason} {restarted.Message}");

        // The new execution asks the desk officer again, and the desk officer can answer.
        await host.WaitForStepAsync(id, "desk-officer");
        Assert.Equal(1, (await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true))!.ReadInputAs<TriageInput>()!.Generation);
        var again = await host.DecideByHttpAsync(id, "desk-officer", Decision.Approve, "desk.officer@nato.int", "second run");
        Assert.True(again.Succeeded, $"{again.Status} {again.Reason} {again.Message}");

        // A token of the first execution's notification no longer decides anything.
        await host.WaitForStepAsync(id, "asg-p");
        await host.SendDecisionAsync(id, "asg-p", "approve", "asg.p@nato.int", firstRunAsk.DecisionToken);
        await host.WaitForAsync(id, r => r.Timeline.Any(t => t.Kind == "decision-refused" && t.Detail.Contains("BAD_TOKEN", StringComparison.Ordinal)));
        Assert.Null((await host.GetAsync(id))!.Outcome);

        await host.SendDecisionAsync(id, "asg-p", "approve", "asg.p@nato.int", (await host.ApprovalMessageAsync(id, "asg-p", nth: 1)).DecisionToken);
        var done = await host.WaitForOutcomeAsync(id);
        Assert.Equal(Outcome.Approved, done.Outcome);
        Assert.Equal("second run", done.Approvals.Single(a => a.Step == "desk-officer").Comment);
        Assert.All(await host.HoldingsAsync(id), h => Assert.Equal(HoldingState.Committed, h.State));
        await host.AssertLedgerInvariantAsync();
    }
}
