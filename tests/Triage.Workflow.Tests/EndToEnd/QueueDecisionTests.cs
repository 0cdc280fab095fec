using Triage.Application;
using Microsoft.Extensions.DependencyInjection;
using Triage.Domain;
using Triage.Contracts;
using Triage.Application.UseCases;
using Triage.Storage;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.EndToEnd;

/// <summary>Decisions on the approval-decisions queue: every refusal is on the timeline, nothing
/// crashes, unreadable messages end in the poison queue after 5 dequeues.</summary>
public sealed class QueueDecisionTests(MemoryHostFixture host) : IClassFixture<MemoryHostFixture>
{
    private Task<RequestView> RefusedAsync(string id, string reason) =>
        host.WaitForAsync(id, r => r.Timeline.Any(t => t.Kind == "decision-refused" && t.Detail.Contains(reason, StringComparison.Ordinal)));

    [Fact]
    public async Task WrongApprover_IsRefused_AndTheStepStaysOpen()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, wrong approver");
        await host.WaitForStepAsync(id, "desk-officer");
        var message = await host.ApprovalMessageAsync(id, "desk-officer");

        await host.SendDecisionAsync(id, "desk-officer", "approve", "asg.p@nato.int", message.DecisionToken);
        var refused = await RefusedAsync(id, "NOT_APPROVER_FOR_STEP");
        Assert.Equal(Stage.AwaitingApproval, refused.Stage);

        await host.SendDecisionAsync(id, "desk-officer", "approve", "desk.officer@nato.int", message.DecisionToken);
        Assert.Equal(Outcome.Approved, (await host.WaitForOutcomeAsync(id)).Outcome);
    }

    [Fact]
    public async Task WrongToken_IsRefused()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, wrong token");
        await host.WaitForStepAsync(id, "desk-officer");

        await host.SendDecisionAsync(id, "desk-officer", "approve", "desk.officer@nato.int", "not-the-token");
        var refused = await RefusedAsync(id, "BAD_TOKEN");
        Assert.Equal(Stage.AwaitingApproval, refused.Stage);

        await host.WithdrawAsync(id, "GEO");
        await host.WaitForOutcomeAsync(id);
    }

    [Fact]
    public async Task DuplicateDecision_FirstWins_TheUsedTokenIsRefused()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, decided twice");
        await host.WaitForStepAsync(id, "desk-officer");
        var message = await host.ApprovalMessageAsync(id, "desk-officer");

        await host.SendDecisionAsync(id, "desk-officer", "approve", "desk.officer@nato.int", message.DecisionToken);
        var done = await host.WaitForOutcomeAsync(id);
        await host.SendDecisionAsync(id, "desk-officer", "reject", "desk.officer@nato.int", message.DecisionToken);
        await RefusedAsync(id, "TOKEN_USED");

        Assert.Equal(Outcome.Approved, done.Outcome);
        Assert.Equal(Outcome.Approved, (await host.GetAsync(id))!.Outcome);
        await host.AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task HttpDecision_WithoutToken_FirstWins_SecondIsAConflict()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, decided over HTTP");
        await host.WaitForStepAsync(id, "desk-officer");

        var first = await host.UseCase<DecideStep>().RunAsync(new DecisionCommand(id, "desk-officer", Decision.Reject, "someone@nato.int", "no", null, ["desk-officer"]), host.Client, CancellationToken.None);
        var second = await host.UseCase<DecideStep>().RunAsync(new DecisionCommand(id, "desk-officer", Decision.Approve, "other@nato.int", "yes", null, ["desk-officer"]), host.Client, CancellationToken.None);
        var notHeld = await host.UseCase<DecideStep>().RunAsync(new DecisionCommand(id, "asg-p", Decision.Approve, "other@nato.int", "yes", null, ["desk-officer"]), host.Client, CancellationToken.None);

        Assert.True(first.Succeeded);
        Assert.Equal((CommandStatus.Conflict, "ALREADY_DECIDED"), (second.Status, second.Reason));
        Assert.Equal(CommandStatus.Forbidden, notHeld.Status);
        Assert.Equal(Outcome.Rejected, (await host.WaitForOutcomeAsync(id)).Outcome);
        Assert.All(await host.HoldingsAsync(id), h => Assert.Equal(Triage.Storage.HoldingState.Released, h.State));
    }

    [Fact]
    public async Task DecisionForAnUnknownRequest_IsRefused_AndRecorded()
    {
        var id = "GEO-20260101-000000000000";
        await host.SendDecisionAsync(id, "desk-officer", "approve", "desk.officer@nato.int", "whatever");

        var timeline = host.Host.Services.GetRequiredService<TimelineStore>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!(await timeline.ListAsync(id, CancellationToken.None)).Any(t => t.Detail.Contains("UNKNOWN_REQUEST", StringComparison.Ordinal)))
        {
            await Task.Delay(100, cts.Token);
        }

        Assert.Null(await host.GetAsync(id));
    }

    [Fact]
    public async Task DecisionForAFinishedRequest_IsRefused()
    {
        var id = await host.SubmitAsync(Scenarios.Russia, "Exercise, decided after the end");
        await host.WaitForOutcomeAsync(id);

        var result = await host.UseCase<DecideStep>().RunAsync(new DecisionCommand(id, "desk-officer", Decision.Approve, "desk.officer@nato.int", null, null, ["desk-officer"]), host.Client, CancellationToken.None);
        Assert.Equal((CommandStatus.Conflict, "REQUEST_FINISHED"), (result.Status, result.Reason));
        await host.SendDecisionAsync(id, "desk-officer", "approve", "desk.officer@nato.int", "any");
        await RefusedAsync(id, "BAD_TOKEN");
        Assert.Equal(Outcome.Ineligible, (await host.GetAsync(id))!.Outcome);
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("{\"requestId\":\"GEO-1\",\"step\":\"desk-officer\"}")]
    public async Task UnreadableMessage_IsRetried_ThenMovedToThePoisonQueue_After5Dequeues(string garbage)
    {
        var marker = Guid.NewGuid().ToString("N");
        var text = garbage.StartsWith('{') ? garbage.Replace("}", $",\"comment\":\"{marker}\"}}", StringComparison.Ordinal) : garbage + " " + marker;
        await host.Storage.Queue(host.Storage.Names.ApprovalDecisionsQueue).SendMessageAsync(text);

        var poison = host.Storage.Queue(host.Storage.Names.ApprovalDecisionsPoisonQueue);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!(await poison.PeekMessagesAsync(32, CancellationToken.None)).Value.Any(m => m.MessageText == text))
        {
            await Task.Delay(200, cts.Token);
        }

        var left = (await host.Storage.Queue(host.Storage.Names.ApprovalDecisionsQueue).PeekMessagesAsync(32)).Value;
        Assert.DoesNotContain(left, m => m.MessageText == text);
    }
}
