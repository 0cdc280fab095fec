using Triage.Application.Identity;
using Triage.Application.UseCases;
using Triage.Contracts;
using Triage.Domain;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.EndToEnd;

/// <summary>
/// Admins' changes of the reference data against requests in flight, on the real engine: a closed fund
/// settles what it holds and pays for nothing new; a request keeps the version it was screened with (its
/// partner suspended meanwhile, it is still funded when money comes), while the partner's next submission
/// is ineligible.
/// </summary>
public sealed class ReferenceDataChangeTests(MemoryHostFixture host) : IClassFixture<MemoryHostFixture>
{
    private static readonly Caller Admin = new("admin@nato.int", "Admin", new HashSet<string> { TriageRoles.Admin }, null, new HashSet<string>());

    [Fact]
    public async Task AClosedFund_SettlesWhatItHolds_AndPaysForNothingNew()
    {
        var held = await host.SubmitAsync(Scenarios.Georgia, "Missiles, reserved before the fund closed");
        var waiting = await host.WaitForStepAsync(held, "desk-officer");
        Assert.Contains(waiting.Funding!.Plan, l => l.FundId == "georgia");

        var closed = await host.UseCase<CloseFund>().RunAsync("georgia", Admin, null, CancellationToken.None);
        Assert.Equal(ReferenceDataChangeStatus.Saved, closed.Status);

        await host.DecideByQueueAsync(held, "desk-officer");
        Assert.Equal(Outcome.Approved, (await host.WaitForOutcomeAsync(held)).Outcome);
        Assert.Contains(await host.HoldingsAsync(held), h => h.FundId == "georgia" && h.State == Triage.Storage.HoldingState.Committed);

        var next = await host.SubmitAsync(Scenarios.Georgia, "Missiles, after the fund closed");
        var funded = await host.WaitForStepAsync(next, "desk-officer");
        Assert.NotEmpty(funded.Funding!.Plan);
        Assert.DoesNotContain(funded.Funding.Plan, l => l.FundId == "georgia");
        Assert.Equal(CommandStatus.Accepted, (await host.WithdrawAsync(next, "GEO")).Status);
        await host.AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task ARequestWaitingForFunds_KeepsItsVersion_WhenItsPartnerIsSuspendedMeanwhile()
    {
        var blocker = await FundBlocker.BlockAsync(host.Ledger, "jordan-ammunition", "dcb", "partnership-common");
        var id = await host.SubmitAsync(Scenarios.Jordan, "Ammunition, waiting for money");
        var waiting = await host.WaitForAsync(id, r => r.Stage == Stage.AwaitingFunds);
        var screenedWith = waiting.ReferenceDataVersion!.Value;

        var suspended = await host.UseCase<ChangePartnerStatus>().RunAsync("JOR", new PartnerStatusInput("suspended", "Test"), Admin, null, CancellationToken.None);
        Assert.Equal(ReferenceDataChangeStatus.Saved, suspended.Status);
        Assert.True(suspended.Version > screenedWith);

        var refused = await host.SubmitAsync(Scenarios.Jordan, "Ammunition, after the suspension");
        var ineligible = await host.WaitForOutcomeAsync(refused);
        Assert.Equal(Outcome.Ineligible, ineligible.Outcome);
        Assert.Contains(ineligible.Eligibility!.Reasons, r => r.Code == ReasonCodes.CooperationSuspended);

        // Money comes: the request screened before is funded on the version it was screened with.
        await blocker.DisposeAsync();
        var contribution = await host.UseCase<RecordContribution>().RunAsync(
            new ContributionCommand("jordan-ammunition", new ContributionInput(1, "Spain", "wake"), "admin@nato.int", null), host.Client, CancellationToken.None);
        Assert.True(contribution.Succeeded);
        var funded = await host.WaitForStepAsync(id, "desk-officer");
        Assert.Equal(screenedWith, funded.ReferenceDataVersion);
        Assert.Equal(CommandStatus.Accepted, (await host.WithdrawAsync(id, "JOR")).Status);
        await host.WaitForOutcomeAsync(id);
        await host.AssertLedgerInvariantAsync();
    }
}
