using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Triage.Application;
using Triage.Application.Funds;
using Triage.Contracts;
using Triage.Domain;
using Triage.Storage;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.Storage;

/// <summary>
/// Copies of the reserve activity running at once — a redelivered work item while the first copy still
/// runs, in another worker — and requests competing for small funds, on Azurite: at most one complete
/// round holds money per request, it is exactly the plan every successful copy answered, nothing is
/// over-reserved, and the ledger invariant holds.
/// </summary>
public sealed class ReservationConcurrencyTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    // The funds that may pay for Jordan's ammunition management.
    private static readonly string[] Funds = ["dcb", "jordan-ammunition", "partnership-common"];

    // Each copy of the activity runs in its own "worker": separate services, so separate stores (the
    // ledger's per-fund turn-taking is per process; across workers only the ETags and keys guard).
    private readonly List<ServiceProvider> workers = [];
    private string prefix = "";

    public async Task InitializeAsync()
    {
        prefix = TestStorage.NewPrefix();
        for (var i = 0; i < 3; i++)
        {
            var collection = new ServiceCollection();
            collection.AddLogging();
            collection.AddTriageWorkflow(TestStorage.Configuration(prefix));
            workers.Add(collection.BuildServiceProvider());
        }

        await ActivatorUtilities.CreateInstance<TriageStorageInitializer>(workers[0]).SeedAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await TestStorage.DeleteAsync(workers[0].GetRequiredService<StorageClients>());
        foreach (var w in workers)
        {
            await w.DisposeAsync();
        }
    }

    private FundLedgerStore Ledger => workers[0].GetRequiredService<FundLedgerStore>();

    [Fact]
    public async Task ALedgerEntry_ReplayedWithAnotherAmountOrPlan_IsAConflict_NotAReplay()
    {
        var id = "JOR-20260301-" + Guid.NewGuid().ToString("N")[..12];
        var before = (await Ledger.GetBalanceAsync("dcb", CancellationToken.None))!;

        Assert.Equal(LedgerApply.Applied, await Ledger.ReserveAsync("dcb", id, 1, 400, 1000, 2, At, CancellationToken.None));
        Assert.Equal(LedgerApply.AlreadyApplied, await Ledger.ReserveAsync("dcb", id, 1, 400, 1000, 2, At, CancellationToken.None));
        Assert.Equal(LedgerApply.Conflict, await Ledger.ReserveAsync("dcb", id, 1, 300, 1000, 2, At, CancellationToken.None));
        Assert.Equal(LedgerApply.Conflict, await Ledger.ReserveAsync("dcb", id, 1, 400, 400, 1, At, CancellationToken.None));

        var after = (await Ledger.GetBalanceAsync("dcb", CancellationToken.None))!;
        Assert.Equal(before.ReservedEur + 400, after.ReservedEur);
        Assert.Empty(await Ledger.CheckInvariantAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ACommit_OfARoundThatIsNotThePlan_IsRefused_AndCommitsNothing()
    {
        var reservations = workers[0].GetRequiredService<ReservationService>();
        var id = "JOR-20260301-" + Guid.NewGuid().ToString("N")[..12];
        var reserved = await reservations.ReserveAsync(id, "JOR", [new CostedItem(0, "ammunition-management", 5_000)], At, CancellationToken.None);
        Assert.True(reserved.Reserved);
        var other = Funds.First(f => reserved.Plan.All(p => p.FundId != f));
        // A stray entry in the same round (a copy that reserved a plan of its own under the round's key).
        Assert.Equal(LedgerApply.Applied, await Ledger.ReserveAsync(other, id, reserved.Round, 700, 700, 1, At, CancellationToken.None));

        await Assert.ThrowsAsync<InvalidOperationException>(() => reservations.CommitAsync(id, reserved.Round, reserved.Plan, At, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => reservations.CommitAsync(id, reserved.Round, [new PlanLineView(reserved.Plan[0].FundId, 1)], At, CancellationToken.None));

        var holdings = await Ledger.HoldingsAsync(id, Funds, CancellationToken.None);
        Assert.DoesNotContain(holdings, h => h.State == HoldingState.Committed);
        await reservations.ReleaseAsync(id, At, reverseCommitments: true, CancellationToken.None);
        Assert.Empty(await Ledger.CheckInvariantAsync(CancellationToken.None));
    }

    /// <summary>One sample: what is left in each fund, the requests (each its items' amounts), and per
    /// request the copies of the activity (each: which worker, and how long it waits before starting).</summary>
    public sealed record Race(int[] Available, int[][] Items, (int Worker, int DelayMs)[][] Copies);

    private static readonly Gen<Race> Races =
        from available in Gen.Int[0, 12].Array[Funds.Length]
        from requests in Gen.Int[1, 3]
        from items in Gen.Int[1, 8].Array[1, 2].Array[requests]
        from copies in Gen.Select(Gen.Int[0, 2], Gen.Int[0, 25]).Array[2, 4].Array[requests]
        select new Race([.. available.Select(a => a * 100)], [.. items.Select(i => i.Select(a => a * 100).ToArray())], copies);

    [Fact]
    public async Task ConcurrentCopiesOfReserve_AndCompetingRequests_HoldAtMostOneCompletePlanEach_AndNeverOverReserve()
    {
        var sample = 0;
        await Races.SampleAsync(async race => await RunRaceAsync(race, ++sample), iter: 30, threads: 1, print: Describe);
    }

    private async Task RunRaceAsync(Race race, int sample)
    {
        var blocker = $"BLOCK-{sample:D4}-{Guid.NewGuid().ToString("N")[..6]}";
        await LeaveAvailableAsync(blocker, race.Available);
        var ids = race.Items.Select(_ => "JOR-20260301-" + Guid.NewGuid().ToString("N")[..12]).ToList();
        var items = race.Items.Select(amounts => (IReadOnlyList<CostedItem>)[.. amounts.Select((a, i) => new CostedItem(i, "ammunition-management", a))]).ToList();
        try
        {
            var runs = ids.SelectMany((id, r) => race.Copies[r].Select(async copy =>
            {
                await Task.Delay(copy.DelayMs);
                try
                {
                    return (Request: r, Result: await workers[copy.Worker].GetRequiredService<ReservationService>().ReserveAsync(id, "JOR", items[r], At, CancellationToken.None));
                }
                catch (InvalidOperationException)
                {
                    // The funds kept moving: the engine would retry the activity (done below).
                    return (Request: r, Result: (Reservation?)null);
                }
            })).ToList();
            var results = (await Task.WhenAll(runs)).ToList();

            // A copy that gave up is retried, as the engine would, once the others are done.
            for (var r = 0; r < ids.Count; r++)
            {
                if (results.Any(x => x.Request == r && x.Result is null))
                {
                    results.Add((r, await workers[0].GetRequiredService<ReservationService>().ReserveAsync(ids[r], "JOR", items[r], At, CancellationToken.None)));
                }
            }

            Assert.Empty(await Ledger.CheckInvariantAsync(CancellationToken.None));
            var heldPerFund = new Dictionary<string, decimal>(StringComparer.Ordinal);
            for (var r = 0; r < ids.Count; r++)
            {
                var total = items[r].Sum(i => i.AmountEur);
                var holdings = await Ledger.HoldingsAsync(ids[r], Funds, CancellationToken.None);
                var reserved = holdings.Where(h => h.State == HoldingState.Reserved).ToList();
                var roundsWithMoney = reserved.Select(h => h.Round).Distinct().ToList();
                var said = results.Where(x => x.Request == r && x.Result is not null).Select(x => x.Result!).ToList();
                var success = said.Where(x => x.Reserved).ToList();

                Assert.True(roundsWithMoney.Count <= 1, $"request {r} holds money in rounds {string.Join(",", roundsWithMoney)}");
                var held = reserved.Sum(h => h.AmountEur);
                Assert.True(held == 0 || held == total, $"request {r} holds {held} of a plan of {total}");
                var rounds = await workers[0].GetRequiredService<ReservationRoundStore>().ListAsync(ids[r], CancellationToken.None);
                Assert.True(rounds.Count(x => x.State == RoundState.Complete) <= 1, $"request {r} has {rounds.Count(x => x.State == RoundState.Complete)} complete rounds");
                if (success.Count > 0)
                {
                    // Every copy that succeeded answered the same round and plan, and that is what is held.
                    Assert.All(success, s => Assert.Equal((success[0].Round, Lines(success[0].Plan)), (s.Round, Lines(s.Plan))));
                    Assert.Equal(success[0].Round, Assert.Single(roundsWithMoney));
                    Assert.Equal(Lines(success[0].Plan), Lines(reserved.Select(h => new PlanLineView(h.FundId, h.AmountEur))));
                    Assert.Equal(total, success[0].Plan.Sum(p => p.AmountEur));
                    Assert.Equal(RoundState.Complete, rounds.Single(x => x.Round == success[0].Round).State);
                }
                else
                {
                    Assert.Empty(reserved);
                }

                foreach (var h in reserved)
                {
                    heldPerFund[h.FundId] = heldPerFund.GetValueOrDefault(h.FundId) + h.AmountEur;
                }
            }

            for (var f = 0; f < Funds.Length; f++)
            {
                Assert.True(heldPerFund.GetValueOrDefault(Funds[f]) <= race.Available[f], $"{Funds[f]}: {heldPerFund.GetValueOrDefault(Funds[f])} reserved of {race.Available[f]} available");
            }
        }
        finally
        {
            // Give everything back, so the next sample starts from full funds.
            foreach (var id in ids.Append(blocker))
            {
                foreach (var h in (await Ledger.HoldingsAsync(id, Funds, CancellationToken.None)).Where(h => h.State == HoldingState.Reserved))
                {
                    await Ledger.ReleaseAsync(h, At, CancellationToken.None);
                }
            }

            Assert.Empty(await Ledger.CheckInvariantAsync(CancellationToken.None));
        }
    }

    private static string Describe(Race race) =>
        $"available [{string.Join(", ", race.Available)}]; requests [{string.Join("; ", race.Items.Select(i => string.Join("+", i)))}]; "
        + $"copies [{string.Join("; ", race.Copies.Select(c => string.Join(" ", c.Select(x => $"w{x.Worker}@{x.DelayMs}ms"))))}]";

    /// <summary>Reserves, under <paramref name="blocker"/>, all but <paramref name="available"/> of each fund.</summary>
    private async Task LeaveAvailableAsync(string blocker, int[] available)
    {
        for (var f = 0; f < Funds.Length; f++)
        {
            var balance = (await Ledger.GetBalanceAsync(Funds[f], CancellationToken.None))!;
            var take = balance.AvailableEur - available[f];
            Assert.True(take >= 0);
            if (take > 0)
            {
                Assert.Equal(LedgerApply.Applied, await Ledger.ReserveAsync(Funds[f], blocker, 1, take, take, 1, At, CancellationToken.None));
            }
        }
    }

    private static string Lines(IEnumerable<PlanLineView> plan) =>
        string.Join(", ", plan.GroupBy(p => p.FundId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Sum(p => p.AmountEur):0}"));
}
