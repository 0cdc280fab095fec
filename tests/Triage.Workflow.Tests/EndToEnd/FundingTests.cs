using Triage.Application;
using Triage.Domain;
using Triage.Contracts;
using Triage.Application.UseCases;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.EndToEnd;

public sealed class FundingTests(MemoryHostFixture host) : IClassFixture<MemoryHostFixture>
{
    [Fact]
    public async Task Shortfall_ThenAContribution_WakesTheRequest_WhichIsApproved()
    {
        string id;
        await using (await FundBlocker.BlockAsync(host.Ledger, "georgia", "dcb", "partnership-common"))
        {
            id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, funded later");
            var waiting = await host.WaitForAsync(id, r => r.Stage == Stage.AwaitingFunds);
            var shortfall = waiting.Funding!.ShortfallEur;
            Assert.True(shortfall > 0);

            var result = await host.UseCase<RecordContribution>().RunAsync(new ContributionCommand("georgia", new ContributionInput(shortfall, "Estonia", "top-up"), "admin@nato.int"), host.Client, CancellationToken.None);
            Assert.True(result.Succeeded);

            var pending = await host.WaitForStepAsync(id, "desk-officer");
            Assert.Equal("georgia", Assert.Single(pending.Funding!.Plan).FundId);
            Assert.Equal(0, pending.Funding.ShortfallEur);
        }

        await host.DecideByQueueAsync(id, "desk-officer");
        Assert.Equal(Outcome.Approved, (await host.WaitForOutcomeAsync(id)).Outcome);
        await host.AssertLedgerInvariantAsync();
        var georgia = (await host.UseCase<ListFunds>().RunAsync(CancellationToken.None)).Single(f => f.Id == "georgia");
        Assert.True(georgia.CommittedEur > 0);
        Assert.Equal(georgia.CapacityEur - georgia.ReservedEur - georgia.CommittedEur, georgia.AvailableEur);
    }

    [Fact]
    public async Task MoneyReleasedByARejectedRequest_WakesARequestWaitingForIt()
    {
        var estimate = CostEstimator.Estimate(host.Data, "GEO", Scenarios.Georgia.Items, [0]).TotalEur;
        await using var others = await FundBlocker.BlockAsync(host.Ledger, "dcb", "partnership-common");

        // Leave exactly one request's worth in the Georgia fund.
        var georgia = (await host.Ledger.GetBalanceAsync("georgia", CancellationToken.None))!;
        var blockId = "BLOCK-" + Guid.NewGuid().ToString("N")[..8];
        var extra = georgia.AvailableEur - estimate;
        Assert.True(extra >= 0);
        if (extra > 0)
        {
            await host.Ledger.ReserveAsync("georgia", blockId, 1, extra, extra, 1, DateTimeOffset.UtcNow, CancellationToken.None);
        }

        try
        {
            var first = await host.SubmitAsync(Scenarios.Georgia, "Missiles, first in line");
            await host.WaitForStepAsync(first, "desk-officer");
            var second = await host.SubmitAsync(Scenarios.Georgia, "Missiles, second in line");
            await host.WaitForAsync(second, r => r.Stage == Stage.AwaitingFunds);

            await host.DecideByQueueAsync(first, "desk-officer", "reject");
            Assert.Equal(Outcome.Rejected, (await host.WaitForOutcomeAsync(first)).Outcome);

            var woken = await host.WaitForStepAsync(second, "desk-officer");
            Assert.Equal("georgia", Assert.Single(woken.Funding!.Plan).FundId);
            await host.WithdrawAsync(second, "GEO");
            await host.WaitForOutcomeAsync(second);
            await host.AssertLedgerInvariantAsync();
        }
        finally
        {
            if (extra > 0)
            {
                await host.Ledger.ReleaseAsync(new Triage.Storage.Holding("georgia", blockId, 1, extra, extra, 1, Triage.Storage.HoldingState.Reserved), DateTimeOffset.UtcNow, CancellationToken.None);
            }
        }
    }

    // A contribution of nothing is refused by the API's validation, its one check of the amount
    // (ValidationTests.BadContribution_IsBadRequest); the use case refuses what only storage knows.
    [Fact]
    public async Task Contribution_ToAnUnknownFund_IsRefused()
    {
        var unknown = await host.UseCase<RecordContribution>().RunAsync(new ContributionCommand("no-such-fund", new ContributionInput(100, "X", null), "admin"), host.Client, CancellationToken.None);
        Assert.Equal(CommandStatus.NotFound, unknown.Status);
    }

    [Fact]
    public async Task Quote_ReservesNothing()
    {
        var before = await host.UseCase<ListFunds>().RunAsync(CancellationToken.None);
        var quote = await host.UseCase<CreateQuote>().RunAsync("JOR", new SubmitRequestInput(
            "JOR", "Quote", "q", [new LineItemInput("ammunition-management", 24, 12, "in-country")], DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(1)), new ContactInput("a", "a@b.c")), CancellationToken.None);
        Assert.True(quote.FundableNow);
        Assert.Equal(quote.Estimate!.TotalEur, quote.Funding.Plan.Sum(p => p.AmountEur));
        Assert.Equal(before, await host.UseCase<ListFunds>().RunAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Submit_WithTheSameIdempotencyKey_GivesTheSameRequest()
    {
        var input = new SubmitRequestInput("GEO", "Idempotent", "s", [new LineItemInput("ammunition-management", 10, 8, "in-country")], DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(1)), new ContactInput("a", "a@b.c"));
        var key = Guid.NewGuid().ToString("N");
        var submit = host.UseCase<SubmitRequest>();
        var first = await submit.RunAsync(new SubmitRequestCommand("GEO", input, key), host.Client, CancellationToken.None);
        var again = await submit.RunAsync(new SubmitRequestCommand("GEO", input, key), host.Client, CancellationToken.None);
        var other = await submit.RunAsync(new SubmitRequestCommand("GEO", input with { Title = "Different" }, key), host.Client, CancellationToken.None);

        Assert.Equal(SubmitStatus.Created, first.Status);
        Assert.Equal((SubmitStatus.Existing, first.RequestId), (again.Status, again.RequestId));
        Assert.Equal(SubmitStatus.KeyConflict, other.Status);
        await host.WithdrawAsync(first.RequestId, "GEO");
        await host.WaitForOutcomeAsync(first.RequestId);
    }
}
