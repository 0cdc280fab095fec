using Triage.Application;
using Triage.Application.UseCases;
using Triage.Domain;
using Triage.Storage;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.EndToEnd;

/// <summary>Seconds-long policy timings: reminder and expiry (step timers), the end of the wait for funds (a step timer too).</summary>
public sealed class DeadlineTests(ShortDeadlineHostFixture host) : IClassFixture<ShortDeadlineHostFixture>
{
    [Fact]
    public async Task NoDecision_SendsAReminder_ThenExpires_AndTheFundsAreReleased()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, nobody answers");
        await host.WaitForStepAsync(id, "desk-officer");
        var first = await host.ApprovalMessageAsync(id, "desk-officer");

        var reminder = await host.ApprovalMessageAsync(id, "desk-officer", reminder: true);
        Assert.Equal(first.Deadline, reminder.Deadline);
        Assert.NotEqual(first.DecisionToken, reminder.DecisionToken);

        var done = await host.WaitForOutcomeAsync(id, TimeSpan.FromSeconds(30));
        Assert.Equal(Outcome.Expired, done.Outcome);
        Assert.Equal(ApprovalStatus.Expired, Assert.Single(done.Approvals).Status);
        Assert.All(await host.HoldingsAsync(id), h => Assert.Equal(Triage.Storage.HoldingState.Released, h.State));
        await host.AssertLedgerInvariantAsync();

        // Too late: the step is closed, the token is used up.
        await host.SendDecisionAsync(id, "desk-officer", "approve", "desk.officer@nato.int", first.DecisionToken);
        await host.WaitForAsync(id, r => r.Timeline.Any(t => t.Kind == "decision-refused"));
        Assert.Equal(Outcome.Expired, (await host.GetAsync(id))!.Outcome);
    }

    [Fact]
    public async Task Shortfall_WithNoContributionBeforeTheLimit_IsUnfunded_AndTheShortfallIsKept()
    {
        await using (await FundBlocker.BlockAsync(host.Ledger, "georgia", "dcb", "partnership-common"))
        {
            var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, no money");
            var waiting = await host.WaitForAsync(id, r => r.Stage == Stage.AwaitingFunds);
            Assert.Equal(waiting.Estimate!.TotalEur, waiting.Funding!.ShortfallEur);

            Assert.NotNull(waiting.Funding.WaitUntil);

            // The limit comes as the StepTimers row, raised by the host's raiser when due.
            var done = await host.WaitForOutcomeAsync(id, TimeSpan.FromSeconds(30));
            Assert.Equal(Outcome.Unfunded, done.Outcome);
            Assert.Equal(done.Estimate!.TotalEur, done.Funding!.ShortfallEur);
            Assert.DoesNotContain(await host.UseCase<PendingApprovalStore>().DueTimersAsync(DateTimeOffset.UtcNow.AddYears(1), 1000, CancellationToken.None), t => t.RequestId == id);
            Assert.Empty(await host.HoldingsAsync(id));

            var demand = await host.UseCase<GetDemandReport>().RunAsync(CancellationToken.None);
            Assert.Contains(demand.Rows, r => r.Partner == "GEO" && r.Area == "ammunition-management" && r.ShortfallEur >= done.Estimate.TotalEur);
        }

        await host.AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task WithdrawalWhileWaitingForFunds_IsWithdrawn()
    {
        await using (await FundBlocker.BlockAsync(host.Ledger, "georgia", "dcb", "partnership-common"))
        {
            var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, given up");
            await host.WaitForAsync(id, r => r.Stage == Stage.AwaitingFunds);
            Assert.True((await host.WithdrawAsync(id, "GEO")).Succeeded);
            Assert.Equal(Outcome.Withdrawn, (await host.WaitForOutcomeAsync(id)).Outcome);
        }
    }
}
