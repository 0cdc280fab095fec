using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Triage.Application.Identity;
using Triage.Application.UseCases;
using Triage.Contracts;
using Triage.Domain;
using Triage.Storage;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.EndToEnd;

/// <summary>Decisions on the approval-decisions queue: the approver is who the message's bearer token
/// says, every refusal is on the timeline as its reason code, nothing crashes, unreadable messages end in
/// the poison queue after 5 dequeues.</summary>
public sealed class QueueDecisionTests(MemoryHostFixture host) : IClassFixture<MemoryHostFixture>
{
    private Task<RequestView> RefusedAsync(string id, string reason) =>
        host.WaitForAsync(id, r => r.Timeline.Any(t => t.Kind == "decision-refused" && t.Detail.Contains(reason, StringComparison.Ordinal)));

    [Fact]
    public async Task BearerWithoutTheStep_IsRefused_AndTheStepStaysOpen()
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
    public async Task MessageWithoutBearer_NamingAnApprover_IsRefused_AndRecordedWithoutItsText()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, no bearer");
        await host.WaitForStepAsync(id, "desk-officer");
        var message = await host.ApprovalMessageAsync(id, "desk-officer");
        var marker = "free-text-" + Guid.NewGuid().ToString("N");

        // What any reader of approval-requests could write before: the right token, an approver's name.
        await host.SendDecisionTextAsync(JsonSerializer.Serialize(new
        {
            requestId = id,
            step = "desk-officer",
            decision = "approve",
            approver = "desk.officer@nato.int",
            comment = marker,
            decisionToken = message.DecisionToken,
        }));
        var refused = await RefusedAsync(id, "BAD_BEARER");

        Assert.Equal(Stage.AwaitingApproval, refused.Stage);
        Assert.Equal(ApprovalStatus.Pending, Assert.Single(refused.Approvals).Status);
        var entry = Assert.Single(refused.Timeline, t => t.Kind == "decision-refused");
        Assert.Equal("approve via queue refused: BAD_BEARER", entry.Detail);
        Assert.DoesNotContain(refused.Timeline, t => t.Detail.Contains(marker, StringComparison.Ordinal) || t.Detail.Contains("desk.officer", StringComparison.Ordinal));

        await host.SendDecisionAsync(id, "desk-officer", "approve", "desk.officer@nato.int", message.DecisionToken);
        Assert.Equal(Outcome.Approved, (await host.WaitForOutcomeAsync(id)).Outcome);
    }

    public static TheoryData<string> BadBearers => new() { "forged", "expired", "other-audience", "partner", "garbage" };

    [Theory]
    [MemberData(nameof(BadBearers))]
    public async Task BearerThatIsNotAValidApproversToken_IsRefused(string kind)
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, $"Missiles, {kind} bearer");
        await host.WaitForStepAsync(id, "desk-officer");
        var message = await host.ApprovalMessageAsync(id, "desk-officer");
        var steps = new[] { "desk-officer" };
        var bearer = kind switch
        {
            "forged" => DevTokens.Mint(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), AuthSettings.DefaultIssuer, AuthSettings.DefaultAudience, new TokenRequest("desk.officer@nato.int", [TriageRoles.Approver], Steps: steps)),
            "expired" => DevTokens.Mint(TestStorage.Auth, new TokenRequest("desk.officer@nato.int", [TriageRoles.Approver], Steps: steps, IssuedAt: DateTimeOffset.UtcNow.AddHours(-3), Lifetime: TimeSpan.FromHours(1))),
            "other-audience" => DevTokens.Mint(TestStorage.Auth, new TokenRequest("desk.officer@nato.int", [TriageRoles.Approver], Steps: steps, Audience: "another-api")),
            "partner" => DevTokens.Mint(TestStorage.Auth, new TokenRequest("partner-geo", [TriageRoles.Partner], Partner: "GEO", Steps: steps)),
            _ => "not.a.jwt",
        };

        await host.SendDecisionMessageAsync(new ApprovalDecisionMessage(id, "desk-officer", "approve", null, message.DecisionToken, bearer));
        var refused = await RefusedAsync(id, kind == "partner" ? "NOT_APPROVER_FOR_STEP" : "BAD_BEARER");
        Assert.Equal(Stage.AwaitingApproval, refused.Stage);

        await host.WithdrawAsync(id, "GEO");
        await host.WaitForOutcomeAsync(id);
    }

    [Fact]
    public async Task TheApproverOnRecord_IsTheBearersSubject_NotAnApproverField()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, approver field");
        await host.WaitForStepAsync(id, "desk-officer");
        var message = await host.ApprovalMessageAsync(id, "desk-officer");

        await host.SendDecisionTextAsync(JsonSerializer.Serialize(new
        {
            requestId = id,
            step = "desk-officer",
            decision = "approve",
            approver = "dsg@nato.int",
            decisionToken = message.DecisionToken,
            bearer = TestStorage.Bearer("ada@nato.int", "desk-officer"),
        }));

        var done = await host.WaitForOutcomeAsync(id);
        Assert.Equal(Outcome.Approved, done.Outcome);
        Assert.Equal("ada@nato.int", Assert.Single(done.Approvals).Approver);
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

        var first = await host.DecideByHttpAsync(id, "desk-officer", Decision.Reject, "someone@nato.int", "no");
        var second = await host.DecideByHttpAsync(id, "desk-officer", Decision.Approve, "other@nato.int", "yes");
        var notHeld = await host.DecideByHttpAsync(id, "asg-p", Decision.Approve, "other@nato.int", "yes", steps: ["desk-officer"]);

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

        var result = await host.DecideByHttpAsync(id, "desk-officer", Decision.Approve, "desk.officer@nato.int");
        Assert.Equal((CommandStatus.Conflict, "REQUEST_FINISHED"), (result.Status, result.Reason));
        await host.SendDecisionAsync(id, "desk-officer", "approve", "desk.officer@nato.int", "any");
        await RefusedAsync(id, "BAD_TOKEN");
        Assert.Equal(Outcome.Ineligible, (await host.GetAsync(id))!.Outcome);
    }

    [Fact]
    public async Task DecisionWordThatIsNeither_IsPoisoned_AndNothingIsWritten()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, maybe");
        await host.WaitForStepAsync(id, "desk-officer");
        var message = await host.ApprovalMessageAsync(id, "desk-officer");
        var before = (await host.GetAsync(id))!.Timeline.Count;
        var text = JsonSerializer.Serialize(new ApprovalDecisionMessage(id, "desk-officer", "maybe", "marker " + Guid.NewGuid().ToString("N"), message.DecisionToken, TestStorage.Bearer("desk.officer@nato.int", "desk-officer")), QueueSender.Json);

        await host.SendDecisionTextAsync(text);
        await WaitForPoisonAsync(text);

        var after = (await host.GetAsync(id))!;
        Assert.Equal(before, after.Timeline.Count);
        Assert.Equal(Stage.AwaitingApproval, after.Stage);
        await host.WithdrawAsync(id, "GEO");
        await host.WaitForOutcomeAsync(id);
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("{\"requestId\":\"GEO-1\",\"step\":\"desk-officer\"}")]
    public async Task UnreadableMessage_IsRetried_ThenMovedToThePoisonQueue_After5Dequeues(string garbage)
    {
        var marker = Guid.NewGuid().ToString("N");
        var text = garbage.StartsWith('{') ? garbage.Replace("}", $",\"comment\":\"{marker}\"}}", StringComparison.Ordinal) : garbage + " " + marker;
        await host.SendDecisionTextAsync(text);

        await WaitForPoisonAsync(text);
        var left = (await host.Storage.Queue(host.Storage.Names.ApprovalDecisionsQueue).PeekMessagesAsync(32)).Value;
        Assert.DoesNotContain(left, m => m.MessageText == text);
    }

    private async Task WaitForPoisonAsync(string text)
    {
        var poison = host.Storage.Queue(host.Storage.Names.ApprovalDecisionsPoisonQueue);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!(await poison.PeekMessagesAsync(32, CancellationToken.None)).Value.Any(m => m.MessageText == text))
        {
            await Task.Delay(200, cts.Token);
        }
    }
}
