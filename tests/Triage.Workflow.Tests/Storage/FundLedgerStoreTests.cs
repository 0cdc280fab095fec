using Triage.Storage;
using Triage.Application.Funds;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.Storage;

public sealed class FundLedgerStoreTests : IAsyncLifetime
{
    private StorageClients storage = null!;
    private FundLedgerStore ledger = null!;

    public async Task InitializeAsync()
    {
        storage = TestStorage.Clients(TestStorage.NewPrefix());
        await storage.EnsureCreatedAsync();
        ledger = new FundLedgerStore(storage);
    }

    public Task DisposeAsync() => TestStorage.DeleteAsync(storage);

    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Reserve_Twice_WithTheSameKey_ReservesOnce()
    {
        await ledger.EnsureFundAsync("f1", 1_000, default);

        Assert.Equal(LedgerApply.Applied, await ledger.ReserveAsync("f1", "R-1", 1, 400, 400, 1, At, default));
        Assert.Equal(LedgerApply.AlreadyApplied, await ledger.ReserveAsync("f1", "R-1", 1, 400, 400, 1, At, default));

        var balance = await ledger.GetBalanceAsync("f1", default);
        Assert.Equal(400, balance!.ReservedEur);
        Assert.Empty(await ledger.CheckInvariantAsync(default));
    }

    [Fact]
    public async Task Reserve_MoreThanAvailable_IsRefused_AndChangesNothing()
    {
        await ledger.EnsureFundAsync("f2", 1_000, default);
        await ledger.ReserveAsync("f2", "R-1", 1, 700, 700, 1, At, default);

        Assert.Equal(LedgerApply.Refused, await ledger.ReserveAsync("f2", "R-2", 1, 301, 301, 1, At, default));
        Assert.Equal(700, (await ledger.GetBalanceAsync("f2", default))!.ReservedEur);
        Assert.Empty(await ledger.CheckInvariantAsync(default));
    }

    [Fact]
    public async Task Commit_And_Release_AreIdempotent_AndKeepTheInvariant()
    {
        await ledger.EnsureFundAsync("f3", 1_000, default);
        await ledger.ReserveAsync("f3", "R-1", 1, 300, 300, 1, At, default);
        await ledger.ReserveAsync("f3", "R-2", 1, 200, 200, 1, At, default);
        var holdings1 = await ledger.HoldingsAsync("R-1", ["f3"], default);
        var holdings2 = await ledger.HoldingsAsync("R-2", ["f3"], default);

        Assert.Equal(LedgerApply.Applied, await ledger.CommitAsync(holdings1[0], At, default));
        Assert.Equal(LedgerApply.AlreadyApplied, await ledger.CommitAsync(holdings1[0], At, default));
        Assert.Equal(LedgerApply.Applied, await ledger.ReleaseAsync(holdings2[0], At, default));
        Assert.Equal(LedgerApply.AlreadyApplied, await ledger.ReleaseAsync(holdings2[0], At, default));

        var balance = (await ledger.GetBalanceAsync("f3", default))!;
        Assert.Equal((0m, 300m, 700m), (balance.ReservedEur, balance.CommittedEur, balance.AvailableEur));
        Assert.Equal(HoldingState.Committed, (await ledger.HoldingsAsync("R-1", ["f3"], default))[0].State);
        Assert.Equal(HoldingState.Released, (await ledger.HoldingsAsync("R-2", ["f3"], default))[0].State);
        Assert.Empty(await ledger.CheckInvariantAsync(default));
    }

    [Fact]
    public async Task Contribution_RaisesCapacity_Once()
    {
        await ledger.EnsureFundAsync("f4", 100, default);
        Assert.Equal(LedgerApply.Applied, await ledger.ContributeAsync("f4", "c1", 50, "Estonia", "admin", null, At, default));
        Assert.Equal(LedgerApply.AlreadyApplied, await ledger.ContributeAsync("f4", "c1", 50, "Estonia", "admin", null, At, default));
        Assert.Equal(150, (await ledger.GetBalanceAsync("f4", default))!.CapacityEur);
        Assert.Empty(await ledger.CheckInvariantAsync(default));
    }

    [Fact]
    public async Task ConcurrentReservations_NeverOverReserve()
    {
        // 60 requests of 100 race for a fund of 2,350: exactly 23 fit.
        await ledger.EnsureFundAsync("hot", 2_350, default);
        var results = await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
            ledger.ReserveAsync("hot", $"R-{i:D3}", 1, 100, 100, 1, At, default)));

        Assert.Equal(23, results.Count(r => r == LedgerApply.Applied));
        Assert.Equal(2_300, (await ledger.GetBalanceAsync("hot", default))!.ReservedEur);
        Assert.Empty(await ledger.CheckInvariantAsync(default));
    }

    [Fact]
    public async Task Checker_FindsA_BalanceThatDisagreesWithItsLedger()
    {
        await ledger.EnsureFundAsync("bad", 100, default);
        await ledger.ReserveAsync("bad", "R-1", 1, 60, 60, 1, At, default);
        var table = storage.Table(storage.Names.FundLedger);
        var row = (await table.GetEntityAsync<Azure.Data.Tables.TableEntity>("bad", FundLedgerStore.BalanceRowKey)).Value;
        row["ReservedEur"] = 10L;
        await table.UpdateEntityAsync(row, row.ETag);

        Assert.Contains(await ledger.CheckInvariantAsync(default), v => v.StartsWith("bad:", StringComparison.Ordinal));
    }
}
