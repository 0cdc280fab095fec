using Triage.Application.UseCases;
using Triage.Domain;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.EndToEnd;

/// <summary>What a partner sees of its request: its progress and outcome, not NATO's internal business
/// (who decided, their comments, refused attempts, who did what); staff see everything.</summary>
public sealed class PartnerViewTests(MemoryHostFixture host) : IClassFixture<MemoryHostFixture>
{
    [Fact]
    public async Task PartnersView_LeavesOutApprovers_StaffComments_AndRefusedAttempts()
    {
        var id = await host.SubmitAsync(Scenarios.Iraq, "Training, seen by the partner");
        await host.WaitForStepAsync(id, "desk-officer");
        var message = await host.ApprovalMessageAsync(id, "desk-officer");
        await host.SendDecisionAsync(id, "desk-officer", "approve", "asg.p@nato.int", message.DecisionToken, "queue comment");
        await host.SendDecisionAsync(id, "desk-officer", "approve", "desk.officer@nato.int", "not-the-token", "queue comment");
        await host.WaitForAsync(id, r => r.Timeline.Count(t => t.Kind == "decision-refused") == 2);
        Assert.True((await host.DecideByHttpAsync(id, "desk-officer", Decision.Approve, "desk.officer@nato.int", "Staff only: the desk has doubts")).Succeeded);
        await host.WaitForStepAsync(id, "asg-p");

        var staff = (await host.UseCase<GetRequest>().RunAsync(id, RequestAudience.Staff, CancellationToken.None))!;
        var partner = (await host.UseCase<GetRequest>().RunAsync(id, RequestAudience.Partner, CancellationToken.None))!;

        // Staff: everything.
        var decided = staff.Approvals.Single(a => a.Step == "desk-officer");
        Assert.Equal(("desk.officer@nato.int", "Staff only: the desk has doubts"), (decided.Approver, decided.Comment));
        Assert.Equal(2, staff.Timeline.Count(t => t.Kind == "decision-refused"));
        Assert.Contains(staff.Timeline, t => t.Detail == "desk-officer: approve via http: Staff only: the desk has doubts (by desk.officer@nato.int)");

        // The partner: the same steps and statuses, nobody's name or words.
        Assert.Equal(staff.Approvals.Select(a => (a.Step, a.Status, a.DecidedAt, a.Deadline)), partner.Approvals.Select(a => (a.Step, a.Status, a.DecidedAt, a.Deadline)));
        Assert.All(partner.Approvals, a => Assert.True(a.Approver is null && a.Comment is null, $"{a.Step}: {a.Approver} {a.Comment}"));
        Assert.DoesNotContain(partner.Timeline, t => t.Kind == "decision-refused");
        Assert.Contains(partner.Timeline, t => t.Kind == "decision" && t.Detail == "desk-officer: approve");
        Assert.All(partner.Timeline, t =>
        {
            Assert.DoesNotContain("@nato.int", t.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("Staff only", t.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("comment", t.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("(by ", t.Detail, StringComparison.Ordinal);
        });
        Assert.Equal(staff.Timeline.Count - 2, partner.Timeline.Count);

        await host.WithdrawAsync(id, "IRQ");
        await host.WaitForOutcomeAsync(id);
    }
}
