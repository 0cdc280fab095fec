using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Triage.Application.Orchestration;
using Triage.Application.UseCases;
using Triage.Contracts;
using Triage.Domain;
using Triage.Storage;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.EndToEnd;

/// <summary>
/// The Decisions table is the truth about a step: a decision recorded there but never delivered (the
/// process died between the insert and the event) reaches the orchestration when its approver tries
/// again; a decision event the table does not bear out (raised through the engine by anyone) decides
/// nothing.
/// </summary>
public sealed class DecisionIntegrityTests(MemoryHostFixture host) : IClassFixture<MemoryHostFixture>
{
    private DecisionStore Decisions => host.Host.Services.GetRequiredService<DecisionStore>();

    /// <summary>Long enough for the orchestration to have taken an event and acted on it.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task DecisionRecordedButNeverRaised_IsDelivered_WhenTheSameApproverRetries_OverHttp()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, event lost over HTTP");
        await host.WaitForStepAsync(id, "desk-officer");

        // The first attempt died after the insert: the row is there, the orchestration never heard of it.
        await Decisions.TryDecideAsync(new StepDecision(id, "desk-officer", Decision.Approve, "desk.officer@nato.int", "first try", "http", DateTimeOffset.UtcNow), CancellationToken.None);
        await Task.Delay(Settle);
        Assert.Equal(Stage.AwaitingApproval, (await host.GetAsync(id))!.Stage);

        var someoneElse = await host.DecideByHttpAsync(id, "desk-officer", Decision.Approve, "other.desk@nato.int");
        var otherWord = await host.DecideByHttpAsync(id, "desk-officer", Decision.Reject, "desk.officer@nato.int");
        var retry = await host.DecideByHttpAsync(id, "desk-officer", Decision.Approve, "desk.officer@nato.int", "second try");

        Assert.Equal((CommandStatus.Conflict, "ALREADY_DECIDED"), (someoneElse.Status, someoneElse.Reason));
        Assert.Equal((CommandStatus.Conflict, "ALREADY_DECIDED"), (otherWord.Status, otherWord.Reason));
        Assert.True(retry.Succeeded, $"{retry.Status} {retry.Reason}");
        var done = await host.WaitForOutcomeAsync(id);
        Assert.Equal(Outcome.Approved, done.Outcome);
        var step = Assert.Single(done.Approvals);
        Assert.Equal(("desk.officer@nato.int", "first try"), (step.Approver, step.Comment));
        Assert.Single(done.Timeline, t => t.Kind == "decision");
    }

    [Fact]
    public async Task DecisionRecordedButNeverRaised_IsDelivered_WhenTheSameMessageComesAgain_OnTheQueue()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, event lost on the queue");
        await host.WaitForStepAsync(id, "desk-officer");
        var message = await host.ApprovalMessageAsync(id, "desk-officer");
        await Decisions.TryDecideAsync(new StepDecision(id, "desk-officer", Decision.Reject, "desk.officer@nato.int", "no", "queue", DateTimeOffset.UtcNow), CancellationToken.None);

        // Another approver holding the step, with the same notification's token: still refused.
        await host.SendDecisionMessageAsync(new ApprovalDecisionMessage(id, "desk-officer", "reject", null, message.DecisionToken, TestStorage.Bearer("other.desk@nato.int", "desk-officer")));
        await host.WaitForAsync(id, r => r.Timeline.Any(t => t.Kind == "decision-refused" && t.Detail.Contains("TOKEN_USED", StringComparison.Ordinal)));
        Assert.Null((await host.GetAsync(id))!.Outcome);

        // The approver's tool sends its message again (a redelivery, a retry): the decision goes through.
        await host.SendDecisionAsync(id, "desk-officer", "reject", "desk.officer@nato.int", message.DecisionToken, "no");
        var done = await host.WaitForOutcomeAsync(id);
        Assert.Equal(Outcome.Rejected, done.Outcome);
        Assert.Equal("desk.officer@nato.int", Assert.Single(done.Approvals).Approver);
        Assert.All(await host.HoldingsAsync(id), h => Assert.Equal(HoldingState.Released, h.State));
    }

    [Fact]
    public async Task DecisionEvent_WithNoDecisionInTheTable_IsIgnored_AndTheStepKeepsWaiting()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, forged event");
        await host.WaitForStepAsync(id, "desk-officer");

        // Anyone who can reach the engine (its HTTP API, the portal, the task hub's queues) can raise this.
        await host.Client.RaiseEventAsync(id, TriageEvents.Decision("desk-officer"),
            new StepDecision(id, "desk-officer", Decision.Approve, "mallory@example.org", "forged", "http", DateTimeOffset.UtcNow));
        await Task.Delay(Settle);

        var waiting = (await host.GetAsync(id))!;
        Assert.Equal(Stage.AwaitingApproval, waiting.Stage);
        Assert.Equal(ApprovalStatus.Pending, Assert.Single(waiting.Approvals).Status);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(id))!.RuntimeStatus);

        Assert.True((await host.DecideByHttpAsync(id, "desk-officer", Decision.Approve, "desk.officer@nato.int")).Succeeded);
        var done = await host.WaitForOutcomeAsync(id);
        Assert.Equal(Outcome.Approved, done.Outcome);
        Assert.Equal("desk.officer@nato.int", Assert.Single(done.Approvals).Approver);
    }

    [Fact]
    public async Task DecisionEvent_SayingOtherThanTheTable_IsIgnored_TheRecordedDecisionHolds()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, contrary event");
        await host.WaitForStepAsync(id, "desk-officer");
        await Decisions.TryDecideAsync(new StepDecision(id, "desk-officer", Decision.Reject, "desk.officer@nato.int", "no", "http", DateTimeOffset.UtcNow), CancellationToken.None);

        await host.Client.RaiseEventAsync(id, TriageEvents.Decision("desk-officer"),
            new StepDecision(id, "desk-officer", Decision.Approve, "desk.officer@nato.int", null, "http", DateTimeOffset.UtcNow));
        await Task.Delay(Settle);
        Assert.Equal(Stage.AwaitingApproval, (await host.GetAsync(id))!.Stage);

        Assert.True((await host.DecideByHttpAsync(id, "desk-officer", Decision.Reject, "desk.officer@nato.int")).Succeeded);
        Assert.Equal(Outcome.Rejected, (await host.WaitForOutcomeAsync(id)).Outcome);
    }

    [Fact]
    public async Task DecisionEvents_WithPayloadsThatAreNoDecision_NeitherDecideNorBreakTheOrchestration()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, junk events");
        await host.WaitForStepAsync(id, "desk-officer");

        var name = TriageEvents.Decision("desk-officer");
        await host.Client.RaiseEventAsync(id, name, "approve");
        await host.Client.RaiseEventAsync(id, name, 42);
        await host.Client.RaiseEventAsync(id, name, new { Decision = "banana" });
        await host.Client.RaiseEventAsync(id, name);
        await Task.Delay(Settle);

        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(id))!.RuntimeStatus);
        Assert.Equal(Stage.AwaitingApproval, (await host.GetAsync(id))!.Stage);
        Assert.True((await host.DecideByHttpAsync(id, "desk-officer", Decision.Approve, "desk.officer@nato.int")).Succeeded);
        Assert.Equal(Outcome.Approved, (await host.WaitForOutcomeAsync(id)).Outcome);
    }
}
