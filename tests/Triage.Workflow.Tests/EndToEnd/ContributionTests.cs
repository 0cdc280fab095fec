using Azure.Data.Tables;
using Triage.Application.UseCases;
using Triage.Contracts;
using Triage.Domain;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.EndToEnd;

/// <summary>A contribution retried with its idempotency key counts once and answers the same; waking
/// the requests waiting for funds is best effort after the money is recorded.</summary>
public sealed class ContributionTests(MemoryHostFixture host) : IClassFixture<MemoryHostFixture>
{
    private Task<ContributionResult> ContributeAsync(string fund, decimal amount, string? key, string note = "pledge", Microsoft.DurableTask.Client.DurableTaskClient? client = null) =>
        host.UseCase<RecordContribution>().RunAsync(new ContributionCommand(fund, new ContributionInput(amount, "Estonia", note), "admin@nato.int", key), client ?? host.Client, CancellationToken.None);

    private async Task<decimal> CapacityAsync(string fund) => (await host.Ledger.GetBalanceAsync(fund, CancellationToken.None))!.CapacityEur;

    [Fact]
    public async Task TheSameKeyAgain_CountsOnce_AndAnswersAsTheFirstTime_AnotherBodyOrFundIsAConflict()
    {
        var key = "contrib-" + Guid.NewGuid().ToString("N");
        var before = await CapacityAsync("dcb");

        var first = await ContributeAsync("dcb", 5_000, key);
        Assert.True((await ContributeAsync("dcb", 100, key: null)).Succeeded); // the fund moves on in between
        var again = await ContributeAsync("dcb", 5_000, key);
        var otherAmount = await ContributeAsync("dcb", 6_000, key);
        var otherNote = await ContributeAsync("dcb", 5_000, key, note: "another");
        var otherFund = await ContributeAsync("partnership-common", 5_000, key);

        Assert.True(first.Succeeded && again.Succeeded);
        Assert.Equal(before + 5_000, first.Fund!.CapacityEur);
        Assert.Equal(first.Fund, again.Fund);
        Assert.All([otherAmount, otherNote, otherFund], r => Assert.Equal((CommandStatus.Conflict, "IDEMPOTENCY_KEY_REUSED"), (r.Status, r.Outcome.Reason)));
        Assert.Equal(before + 5_100, await CapacityAsync("dcb"));
        await host.AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task TwentyAtOnce_WithOneKey_CountOnce()
    {
        var key = "contrib-" + Guid.NewGuid().ToString("N");
        var before = await CapacityAsync("partnership-common");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ContributeAsync("partnership-common", 7_000, key)));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Outcome.Message));
        Assert.Single(results.Select(r => r.Fund).Distinct());
        Assert.Equal(before + 7_000, await CapacityAsync("partnership-common"));
        await host.AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task ARetry_AfterTheIdempotencyRowWasLost_StillCountsOnce()
    {
        var key = "contrib-" + Guid.NewGuid().ToString("N");
        var before = await CapacityAsync("jordan-ammunition");
        Assert.True((await ContributeAsync("jordan-ammunition", 3_000, key)).Succeeded);

        // The ledger row is keyed from the idempotency key: without the Idempotency row, still once.
        var idempotency = host.Storage.Table(host.Storage.Names.Idempotency);
        await foreach (var row in idempotency.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {RecordContribution.IdempotencyScope}")))
        {
            await idempotency.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        Assert.True((await ContributeAsync("jordan-ammunition", 3_000, key)).Succeeded);
        Assert.Equal(before + 3_000, await CapacityAsync("jordan-ammunition"));
        await host.AssertLedgerInvariantAsync();
    }

    [Fact]
    public async Task AFailureToWakeTheWaitingRequests_DoesNotFailTheCall_AndTheRetryCountsOnce_AndWakesThem()
    {
        string id;
        await using (await FundBlocker.BlockAsync(host.Ledger, "georgia", "dcb", "partnership-common"))
        {
            id = await host.SubmitAsync(Scenarios.Georgia, "Missiles, woken on the retry");
            var waiting = await host.WaitForAsync(id, r => r.Stage == Stage.AwaitingFunds);
            var key = "contrib-" + Guid.NewGuid().ToString("N");
            var before = await CapacityAsync("georgia");

            var refused = new FaultyEngineClient(host.Client) { FailEvents = true };
            var first = await ContributeAsync("georgia", waiting.Funding!.ShortfallEur, key, client: refused);
            var retry = await ContributeAsync("georgia", waiting.Funding.ShortfallEur, key);

            Assert.True(first.Succeeded, first.Outcome.Message);
            Assert.True(retry.Succeeded, retry.Outcome.Message);
            Assert.Equal(first.Fund, retry.Fund);
            Assert.Equal(before + waiting.Funding.ShortfallEur, await CapacityAsync("georgia"));
            await host.WaitForStepAsync(id, "desk-officer");
        }

        await host.WithdrawAsync(id, "GEO");
        await host.WaitForOutcomeAsync(id);
        await host.AssertLedgerInvariantAsync();
    }
}
