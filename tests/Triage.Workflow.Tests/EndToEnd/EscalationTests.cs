using Triage.Application.Identity;
using Triage.Application.UseCases;
using Triage.Contracts;
using Triage.Domain;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.EndToEnd;

/// <summary>
/// A step still undecided at its reminder point is escalated to the deputies the policy names: the
/// request shows it (escalated, when, to whom; the partner sees that it was, not to whom), the timeline
/// says so, the notification goes to the deputies, the inbox marks it, and a deputy may decide it over
/// HTTP or on the queue while an approver who is neither holder nor deputy may not. Real engine, two-second
/// reminder points.
/// </summary>
public sealed class EscalationTests(EscalationHostFixture host) : IClassFixture<EscalationHostFixture>
{
    private const string Step = "desk-officer";

    private string Deputy => Assert.Single(host.Data.Policy.DeputiesOf(Step));

    [Fact]
    public async Task UndecidedAtTheReminder_IsEscalated_AndTheDeputyDecidesIt()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, holder away");
        var escalated = await host.WaitForAsync(id, r => r.Approvals.Any(a => a.Escalated) && r.Timeline.Any(t => t.Kind == "escalation"));
        var approval = Assert.Single(escalated.Approvals);
        Assert.Equal(ApprovalStatus.Pending, approval.Status);
        Assert.Equal([Deputy], approval.EscalatedTo);
        Assert.NotNull(approval.EscalatedAt);
        Assert.True(approval.EscalatedAt >= approval.ReminderAt);
        Assert.True(approval.ReminderAt > approval.Since);
        Assert.Contains(escalated.Timeline, t => t.Kind == "escalation" && t.Detail.StartsWith(Step, StringComparison.Ordinal));

        // The notification at the reminder point is addressed to the deputies.
        var notice = await host.ApprovalMessageAsync(id, Step, reminder: true);
        Assert.Equal([Deputy], notice.EscalatedTo);

        // The inbox: the deputy sees it as escalated to them; an approver of another step does not.
        var deputyInbox = await InboxAsync(Approvers.Caller(Deputy, []));
        var item = Assert.Single(deputyInbox.Items, i => i.Id == id);
        Assert.True(item.Escalated);
        Assert.True(item.AsDeputy);
        Assert.Equal(approval.EscalatedAt, item.EscalatedAt);
        Assert.DoesNotContain((await InboxAsync(Approvers.Caller("dsg@nato.int", ["dsg"]))).Items, i => i.Id == id);
        Assert.Contains((await InboxAsync(Approvers.Caller(Approvers.For(Step), [Step]))).Items, i => i.Id == id && !i.AsDeputy);

        // Nobody decides what is not theirs: an approver neither holding the step nor its deputy is refused.
        var stranger = await host.DecideByHttpAsync(id, Step, Decision.Approve, "dsg@nato.int", steps: ["dsg"]);
        Assert.Equal(CommandStatus.Forbidden, stranger.Status);
        Assert.Equal("NOT_APPROVER_FOR_STEP", stranger.Reason);

        var decided = await host.DecideByHttpAsync(id, Step, Decision.Approve, Deputy, "Decided as deputy", steps: []);
        Assert.Equal(CommandStatus.Accepted, decided.Status);
        var done = await host.WaitForOutcomeAsync(id);
        Assert.Equal(Outcome.Approved, done.Outcome);
        Assert.Equal(Deputy, Assert.Single(done.Approvals).Approver);
        Assert.DoesNotContain((await InboxAsync(Approvers.Caller(Deputy, []))).Items, i => i.Id == id);
        await host.AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task Deputy_DecidesOnTheQueue_WithTheEscalationsToken()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, deputy answers by queue");
        var notice = await host.ApprovalMessageAsync(id, Step, reminder: true);
        Assert.Equal([Deputy], notice.EscalatedTo);

        await host.SendDecisionMessageAsync(new Triage.Contracts.ApprovalDecisionMessage(id, Step, "reject", "Not now", notice.DecisionToken, TestStorage.Bearer(Deputy)));

        var done = await host.WaitForOutcomeAsync(id);
        Assert.Equal(Outcome.Rejected, done.Outcome);
        Assert.Equal(Deputy, Assert.Single(done.Approvals).Approver);
    }

    [Fact]
    public async Task Partner_SeesTheEscalation_NotTheDeputies()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, partner looks");
        await host.WaitForAsync(id, r => r.Approvals.Any(a => a.Escalated) && r.Timeline.Any(t => t.Kind == "escalation"));

        var view = await host.UseCase<GetRequest>().RunAsync(id, RequestAudience.Partner, CancellationToken.None);

        var approval = Assert.Single(view!.Approvals);
        Assert.True(approval.Escalated);
        Assert.Null(approval.EscalatedTo);
        Assert.Contains(view.Timeline, t => t.Kind == "escalation" && !t.Detail.Contains('@', StringComparison.Ordinal));
        Assert.Equal(CommandStatus.Accepted, (await host.WithdrawAsync(id, "GEO")).Status);
    }

    private Task<InboxPage> InboxAsync(Caller caller) =>
        host.UseCase<ListInbox>().RunAsync(caller, null, 200, CancellationToken.None);
}
