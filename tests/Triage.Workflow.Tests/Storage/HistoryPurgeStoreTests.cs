using Triage.Contracts;
using Triage.Domain;
using Triage.Storage;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.Storage;

/// <summary>
/// The schedule of history purges (table <c>HistoryPurges</c>) follows the request row: the write that
/// gives a request its outcome schedules its purge at that instant (once, however often the write is
/// repeated), one that reopens it removes it, and a later outcome schedules it again. Real tables on
/// Azurite, the request store alone.
/// </summary>
public sealed class HistoryPurgeStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Finished = new(2126, 3, 4, 23, 59, 59, TimeSpan.Zero);
    private StorageClients storage = null!;
    private RequestStore store = null!;

    public async Task InitializeAsync()
    {
        storage = new StorageClients(TestStorage.ConnectionString, new StorageNames(TestStorage.NewPrefix()));
        await storage.EnsureCreatedAsync();
        store = new RequestStore(storage);
    }

    public Task DisposeAsync() => TestStorage.DeleteAsync(storage);

    [Fact]
    public async Task AnOutcome_SchedulesThePurge_AReopening_RemovesIt()
    {
        var id = $"GEO-{DateTime.UtcNow:yyyyMMdd}-{Guid.NewGuid().ToString("N")[..12]}";
        await store.TryInsertAsync(new RequestRecord(
            id, "GEO", "Purged after its outcome", "",
            [new LineItemInput("education-and-training", 5, 2, "in-country")], DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(2)), null,
            Stage.Received, null, Stage.Received, null, null, null, null, [], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, Guid.NewGuid().ToString("N"), 1), CancellationToken.None);
        Assert.Empty(await DueAsync(Finished.AddYears(1)));

        var closing = Update(id, 2, Finished, new RequestLifecycle(Stage.Completed, Outcome.Withdrawn, Stage.Received));
        await store.UpdateAsync(closing, CancellationToken.None);
        await store.UpdateAsync(closing with { Version = 3 }, CancellationToken.None);

        Assert.Empty(await DueAsync(Finished.AddTicks(-1)));
        Assert.Equal([new HistoryPurge(id, Finished)], await DueAsync(Finished));

        await store.UpdateAsync(Update(id, 4, Finished.AddDays(1), new RequestLifecycle(Stage.AwaitingApproval, null, Stage.AwaitingApproval)), CancellationToken.None);
        Assert.Empty(await DueAsync(Finished.AddYears(1)));

        await store.UpdateAsync(Update(id, 5, Finished.AddDays(2), new RequestLifecycle(Stage.Completed, Outcome.Rejected, Stage.AwaitingApproval)), CancellationToken.None);
        Assert.Equal([new HistoryPurge(id, Finished.AddDays(2))], await DueAsync(Finished.AddYears(1)));

        await store.RemovePurgeAsync(new HistoryPurge(id, Finished.AddDays(2)), CancellationToken.None);
        await store.RemovePurgeAsync(new HistoryPurge(id, Finished.AddDays(2)), CancellationToken.None);
        Assert.Empty(await DueAsync(Finished.AddYears(1)));
    }

    private static RequestUpdate Update(string id, long version, DateTimeOffset at, RequestLifecycle lifecycle) =>
        new(id, "GEO", version, at, lifecycle, null, null, null, null, null);

    private async Task<IReadOnlyList<HistoryPurge>> DueAsync(DateTimeOffset by) => await store.DuePurgesAsync(by, 10, CancellationToken.None);
}
