using Triage.Application;
using Triage.Application.UseCases;
using Triage.Domain;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.EndToEnd;

/// <summary>The example requests of docs/domain.md end to end on the in-memory engine and Azurite storage.</summary>
public sealed class ScenarioTests(MemoryHostFixture host) : IClassFixture<MemoryHostFixture>
{
    [Fact]
    public async Task Georgia_DeskOfficerApprovesByQueue_IsApproved_AndTheGeorgiaFundIsCommitted()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia);

        var pending = await host.WaitForStepAsync(id, "desk-officer");
        Assert.Equal(["desk-officer"], pending.Approvals.Select(a => a.Step));
        var instance = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.Equal("{\"stage\":\"AwaitingApproval\",\"pendingStep\":\"desk-officer\"}", instance!.SerializedCustomStatus);
        var message = await host.ApprovalMessageAsync(id, "desk-officer");
        Assert.Equal("GEO", message.Partner);
        Assert.Equal(pending.Estimate!.TotalEur, message.EstimateEur);
        Assert.Equal("georgia", Assert.Single(message.FundingPlan).FundId);
        Assert.Equal($"/api/requests/{id}/decisions/desk-officer", message.Answer.Http);

        await host.SendDecisionAsync(id, "desk-officer", "approve", "desk.officer@nato.int", message.DecisionToken, "fine");
        var done = await host.WaitForOutcomeAsync(id);

        Assert.Equal(Outcome.Approved, done.Outcome);
        Assert.Equal(Stage.Completed, done.Stage);
        Assert.Equal(ApprovalStatus.Approved, Assert.Single(done.Approvals).Status);
        Assert.Equal("desk.officer@nato.int", done.Approvals[0].Approver);
        var holding = Assert.Single(await host.HoldingsAsync(id));
        Assert.Equal(Triage.Storage.HoldingState.Committed, holding.State);
        Assert.Equal(done.Estimate!.TotalEur, holding.AmountEur);
        await host.AssertLedgerInvariantAsync();
        var meta = await host.WaitForCompletionAsync(id);
        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, meta.RuntimeStatus);
    }

    [Fact]
    public async Task Libya_PoliticalReviewAndThreeSteps_IsApproved_FromTheCommonFundedLine()
    {
        var id = await host.SubmitAsync(Scenarios.Libya);

        var pending = await host.WaitForStepAsync(id, "political-review");
        Assert.Equal(["political-review", "desk-officer", "asg-p", "dsg"], pending.Approvals.Select(a => a.Step));
        Assert.Contains(pending.Eligibility!.Reasons, r => r.Code == "POLITICAL_REVIEW_REQUIRED");
        Assert.True(pending.Estimate!.TotalEur > 5_000_000m);
        foreach (var step in new[] { "political-review", "desk-officer", "asg-p", "dsg" })
        {
            await host.WaitForStepAsync(id, step);
            await host.DecideByQueueAsync(id, step);
        }

        var done = await host.WaitForOutcomeAsync(id);
        Assert.Equal(Outcome.Approved, done.Outcome);
        Assert.All(done.Approvals, a => Assert.Equal(ApprovalStatus.Approved, a.Status));
        Assert.Equal("partnership-common", Assert.Single(done.Funding!.Plan).FundId);
        Assert.All(await host.HoldingsAsync(id), h => Assert.Equal(Triage.Storage.HoldingState.Committed, h.State));
        await host.AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task Iraq_IsFundedByTheDcbTrustFund_AndApprovedInTwoSteps()
    {
        var id = await host.SubmitAsync(Scenarios.Iraq);

        var pending = await host.WaitForStepAsync(id, "desk-officer");
        Assert.Equal(["desk-officer", "asg-p"], pending.Approvals.Select(a => a.Step));
        Assert.Equal("dcb", Assert.Single(pending.Funding!.Plan).FundId);
        await host.DecideByQueueAsync(id, "desk-officer");
        await host.WaitForStepAsync(id, "asg-p");
        await host.DecideByQueueAsync(id, "asg-p");

        var done = await host.WaitForOutcomeAsync(id);
        Assert.Equal(Outcome.Approved, done.Outcome);
        await host.AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task Jordan_IsFundedByTheAmmunitionTrustFund()
    {
        var id = await host.SubmitAsync(Scenarios.Jordan);

        var pending = await host.WaitForStepAsync(id, "desk-officer");
        Assert.Equal("jordan-ammunition", Assert.Single(pending.Funding!.Plan).FundId);
        await host.DecideByQueueAsync(id, "desk-officer");
        await host.WaitForStepAsync(id, "asg-p");
        await host.DecideByQueueAsync(id, "asg-p");

        Assert.Equal(Outcome.Approved, (await host.WaitForOutcomeAsync(id)).Outcome);
        await host.AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task Russia_IsIneligible_AndNothingIsReserved()
    {
        var id = await host.SubmitAsync(Scenarios.Russia);

        var done = await host.WaitForOutcomeAsync(id);
        Assert.Equal(Outcome.Ineligible, done.Outcome);
        Assert.Contains(done.Eligibility!.Reasons, r => r.Code == "COOPERATION_SUSPENDED");
        Assert.Null(done.Estimate);
        Assert.Empty(await host.HoldingsAsync(id));
        await host.AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task AdminRestart_OfAFinishedRequest_RunsAgain_AndTheReadModelFollows()
    {
        var id = await host.SubmitAsync(Scenarios.Russia, "Exercise, restarted");
        await host.WaitForCompletionAsync(id);
        var first = (await host.GetAsync(id))!;

        await host.Client.RestartAsync(id, restartWithNewInstanceId: false);
        await host.WaitForAsync(id, r => r.UpdatedAt > first.UpdatedAt && r.Outcome == Outcome.Ineligible);
        var meta = await host.WaitForCompletionAsync(id);

        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, meta.RuntimeStatus);
        await host.AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task AdminTerminate_ThenReconcile_ReleasesTheFunds_AndRecordsFailed()
    {
        var id = await host.SubmitAsync(Scenarios.Iraq, "Training, terminated by an admin");
        await host.WaitForStepAsync(id, "desk-officer");
        Assert.Equal(ReconcileAction.InstanceActive, (await host.UseCase<ReconcileRequest>().RunAsync(id, "admin@nato.int", host.Client, null, CancellationToken.None)).Action);

        await host.Client.TerminateInstanceAsync(id, "test");
        await host.WaitForCompletionAsync(id);
        Assert.Equal(ReconcileAction.Settled, (await host.UseCase<ReconcileRequest>().RunAsync(id, "admin@nato.int", host.Client, null, CancellationToken.None)).Action);

        var done = (await host.GetAsync(id))!;
        Assert.Equal((Stage.Completed, (Outcome?)Outcome.Failed), (done.Stage, done.Outcome));
        Assert.Equal(ApprovalStatus.Cancelled, done.Approvals[0].Status);
        Assert.All(await host.HoldingsAsync(id), h => Assert.Equal(Triage.Storage.HoldingState.Released, h.State));
        await host.AssertLedgerInvariantAsync();
        Assert.Equal(ReconcileAction.AlreadyClosed, (await host.UseCase<ReconcileRequest>().RunAsync(id, "admin@nato.int", host.Client, null, CancellationToken.None)).Action);
    }

    [Fact]
    public async Task PartiallyEligible_CostsAndFundsOnlyTheEligibleItems()
    {
        LineItem[] items = [new("counter-ied", 24, 8, "in-country"), new("space-programme", 5, 4, "nato-facility")];
        var id = await host.SubmitAsync(Scenarios.Iraq, "Counter-IED and a space programme", items);

        var pending = await host.WaitForStepAsync(id, "desk-officer");
        Assert.Equal("PartiallyEligible", pending.Eligibility!.Result);
        Assert.Contains(pending.Eligibility.Reasons, r => r.Code == "AREA_NOT_OFFERED" && r.Item == 1);
        Assert.Equal(0, Assert.Single(pending.Estimate!.Items).Item);
        Assert.Equal(pending.Estimate.TotalEur, pending.Funding!.Plan.Sum(p => p.AmountEur));
        foreach (var step in pending.Approvals.Select(a => a.Step))
        {
            await host.WaitForStepAsync(id, step);
            await host.DecideByQueueAsync(id, step);
        }

        Assert.Equal(Outcome.Approved, (await host.WaitForOutcomeAsync(id)).Outcome);
    }

    [Fact]
    public async Task RejectAtTheSecondStep_IsRejected_AndTheFundsAreReleased()
    {
        var id = await host.SubmitAsync(Scenarios.Jordan, "Ammunition demilitarisation, rejected");
        await host.WaitForStepAsync(id, "desk-officer");
        await host.DecideByQueueAsync(id, "desk-officer");
        await host.WaitForStepAsync(id, "asg-p");
        await host.DecideByQueueAsync(id, "asg-p", "reject");

        var done = await host.WaitForOutcomeAsync(id);
        Assert.Equal(Outcome.Rejected, done.Outcome);
        Assert.Equal([ApprovalStatus.Approved, ApprovalStatus.Rejected], done.Approvals.Select(a => a.Status));
        Assert.All(await host.HoldingsAsync(id), h => Assert.Equal(Triage.Storage.HoldingState.Released, h.State));
        await host.AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task WithdrawalDuringApproval_IsWithdrawn_AndTheFundsAreReleased()
    {
        var id = await host.SubmitAsync(Scenarios.Iraq, "Training, withdrawn");
        await host.WaitForStepAsync(id, "desk-officer");
        Assert.Single(await host.HoldingsAsync(id), h => h.State == Triage.Storage.HoldingState.Reserved);

        var result = await host.WithdrawAsync(id, "IRQ");
        Assert.True(result.Succeeded);

        var done = await host.WaitForOutcomeAsync(id);
        Assert.Equal(Outcome.Withdrawn, done.Outcome);
        Assert.Equal([ApprovalStatus.Cancelled, ApprovalStatus.NotReached], done.Approvals.Select(a => a.Status));
        Assert.All(await host.HoldingsAsync(id), h => Assert.Equal(Triage.Storage.HoldingState.Released, h.State));
        await host.AssertLedgerInvariantAsync();

        var again = await host.WithdrawAsync(id, "IRQ");
        Assert.Equal(CommandStatus.Conflict, again.Status);
    }

    [Fact]
    public async Task Withdrawal_ByAnotherPartner_IsNotFound()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, not yours");
        var result = await host.WithdrawAsync(id, "LBY");
        Assert.Equal(Triage.Application.UseCases.CommandStatus.NotFound, result.Status);

        // The owner may; this also gives the Georgia fund back for the other tests.
        Assert.True((await host.WithdrawAsync(id, "GEO")).Succeeded);
        Assert.Equal(Outcome.Withdrawn, (await host.WaitForOutcomeAsync(id)).Outcome);
    }

    [Fact]
    public async Task PartnerIsNotified_WhenTheRequestReachesItsOutcome()
    {
        var id = await host.SubmitAsync(Scenarios.Russia, "Exercise, notified");
        await host.WaitForCompletionAsync(id);

        var queue = host.Storage.Queue(host.Storage.Names.PartnerNotificationsQueue);
        var found = false;
        foreach (var m in (await queue.PeekMessagesAsync(32)).Value)
        {
            using var json = System.Text.Json.JsonDocument.Parse(m.MessageText);
            if (json.RootElement.GetProperty("requestId").GetString() == id)
            {
                Assert.Equal("Ineligible", json.RootElement.GetProperty("outcome").GetString());
                Assert.Equal("RUS", json.RootElement.GetProperty("partner").GetString());
                found = true;
            }
        }

        Assert.True(found, "no partner notification");
    }
}
