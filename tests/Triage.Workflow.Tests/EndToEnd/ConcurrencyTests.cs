using System.Diagnostics;
using Triage.Domain;
using Triage.Contracts;
using Triage.Application.UseCases;
using Triage.Storage;
using Triage.Application.Funds;
using Triage.Workflow.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Triage.Workflow.Tests.EndToEnd;

public sealed class ConcurrencyTests(MemoryHostFixture host, ITestOutputHelper output) : IClassFixture<MemoryHostFixture>
{
    [Fact]
    public async Task TwoHundredRequests_AgainstAFundForExactly37_Reserve37_AndTheRestWaitForFunds()
    {
        const int Requests = 200;
        const int Fits = 37;
        var data = host.Data;
        var estimate = CostEstimator.Estimate(data, "GEO", Scenarios.Georgia.Items, [0]).TotalEur;

        // Only the Georgia fund may pay, and it has exactly 37 requests' worth.
        await using var blocker = await FundBlocker.BlockAsync(host.Ledger, "dcb", "partnership-common");
        var georgia = (await host.Ledger.GetBalanceAsync("georgia", CancellationToken.None))!;
        var missing = Fits * estimate - georgia.AvailableEur;
        Assert.True(missing > 0);
        await host.Ledger.ContributeAsync("georgia", "test-37", missing, "test", "test", null, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.Equal(Fits * estimate, (await host.Ledger.GetBalanceAsync("georgia", CancellationToken.None))!.AvailableEur);

        var clock = Stopwatch.StartNew();
        var ids = await Task.WhenAll(Enumerable.Range(0, Requests).Select(i => host.SubmitAsync(Scenarios.Georgia, $"Missiles #{i}")));
        var submitted = clock.Elapsed;

        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        IReadOnlyList<RequestSummaryView> settled;
        while (true)
        {
            var page = await host.UseCase<ListRequests>().RunAsync(new RequestQuery(Partner: "GEO", PageSize: 1000), CancellationToken.None);
            settled = [.. page.Items.Where(r => ids.Contains(r.Id) && r.Stage is Stage.AwaitingApproval or Stage.AwaitingFunds)];
            if (settled.Count == Requests)
            {
                break;
            }

            await Task.Delay(500, cts.Token);
        }

        output.WriteLine($"{Requests} submitted in {submitted.TotalSeconds:F1} s; all reserved or waiting after {clock.Elapsed.TotalSeconds:F1} s");
        var reserved = settled.Where(r => r.Stage == Stage.AwaitingApproval).Select(r => r.Id).ToList();
        Assert.Equal(Fits, reserved.Count);
        Assert.Equal(Requests - Fits, settled.Count(r => r.Stage == Stage.AwaitingFunds));

        var balance = (await host.Ledger.GetBalanceAsync("georgia", CancellationToken.None))!;
        Assert.Equal(Fits * estimate, balance.ReservedEur);
        Assert.Equal(0, balance.AvailableEur);
        await host.AssertLedgerInvariantAsync();
        foreach (var id in ids)
        {
            var held = (await host.HoldingsAsync(id)).Where(h => h.State == HoldingState.Reserved).ToList();
            Assert.Equal(reserved.Contains(id) ? 1 : 0, held.Count);
        }
    }
}
