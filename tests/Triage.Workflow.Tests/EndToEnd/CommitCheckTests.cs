using Triage.Domain;
using Triage.Storage;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.EndToEnd;

/// <summary>
/// Nothing is approved that is not funded, even when the reserved round is not the plan the approvers
/// saw (a copy of the reserve activity that reserved part of a plan, or a plan of its own, under the
/// round's key): the commit checks the round against the plan, commits nothing, and the request ends
/// Failed with everything given back.
/// </summary>
public sealed class CommitCheckTests(ReconcilerHostFixture host) : IClassFixture<ReconcilerHostFixture>
{
    [Fact]
    public async Task ARoundHoldingMoreThanThePlan_IsNotCommitted_TheRequestFails()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, round with extra money");
        var pending = await host.WaitForStepAsync(id, "desk-officer");
        var line = Assert.Single(pending.Funding!.Plan);
        var round = Assert.Single(await host.HoldingsAsync(id)).Round;
        var other = line.FundId == "dcb" ? "partnership-common" : "dcb";
        Assert.Equal(LedgerApply.Applied, await host.Ledger.ReserveAsync(other, id, round, 700, 700, 1, DateTimeOffset.UtcNow, CancellationToken.None));

        await host.DecideByQueueAsync(id, "desk-officer");
        var done = await host.WaitForOutcomeAsync(id);

        Assert.Equal(Outcome.Failed, done.Outcome);
        // The outcome's timeline entry is appended just after the row gets its outcome: wait for it.
        await host.WaitForAsync(id, r => r.Timeline.Any(t => t.Detail.Contains("could not be committed", StringComparison.Ordinal)));
        Assert.All(await host.HoldingsAsync(id), h => Assert.Equal(HoldingState.Released, h.State));
        await host.AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task ARoundMissingPartOfThePlan_IsNotCommitted_TheRequestFails()
    {
        var id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, round with money missing");
        await host.WaitForStepAsync(id, "desk-officer");
        var holding = Assert.Single(await host.HoldingsAsync(id));
        Assert.Equal(LedgerApply.Applied, await host.Ledger.ReleaseAsync(holding, DateTimeOffset.UtcNow, CancellationToken.None));

        await host.DecideByQueueAsync(id, "desk-officer");
        var done = await host.WaitForOutcomeAsync(id);

        Assert.Equal(Outcome.Failed, done.Outcome);
        Assert.DoesNotContain(await host.HoldingsAsync(id), h => h.State == HoldingState.Committed);
        await host.AssertLedgerInvariantAsync();
    }
}
