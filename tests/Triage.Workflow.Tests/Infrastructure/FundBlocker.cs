using Triage.Storage;
using Triage.Application.Funds;

namespace Triage.Workflow.Tests.Infrastructure;

/// <summary>Takes every euro a fund has left with ordinary ledger reservations (so the invariant keeps
/// holding), and gives them back on dispose.</summary>
public sealed class FundBlocker : IAsyncDisposable
{
    private readonly FundLedgerStore ledger;
    private readonly List<Holding> taken = [];

    private FundBlocker(FundLedgerStore ledger)
    {
        this.ledger = ledger;
    }

    public static async Task<FundBlocker> BlockAsync(FundLedgerStore ledger, params string[] fundIds)
    {
        var blocker = new FundBlocker(ledger);
        var id = "BLOCK-" + Guid.NewGuid().ToString("N")[..8];
        foreach (var fundId in fundIds)
        {
            var balance = (await ledger.GetBalanceAsync(fundId, CancellationToken.None))!;
            if (balance.AvailableEur <= 0)
            {
                continue;
            }

            Assert.Equal(LedgerApply.Applied, await ledger.ReserveAsync(fundId, id, 1, balance.AvailableEur, balance.AvailableEur, 1, DateTimeOffset.UtcNow, CancellationToken.None));
            blocker.taken.Add(new Holding(fundId, id, 1, balance.AvailableEur, balance.AvailableEur, 1, HoldingState.Reserved));
        }

        return blocker;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var h in taken)
        {
            await ledger.ReleaseAsync(h, DateTimeOffset.UtcNow, CancellationToken.None);
        }
    }
}
