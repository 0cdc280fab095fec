using Triage.Application.Intake;
using Triage.Contracts;
using Triage.Domain;
using Triage.Storage;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.Storage;

/// <summary>
/// The submit door's gate over real tables (Azurite) and a clock that moves only when told: however
/// many submissions ask at once, the backlog is read once per second; while a new reading is under way
/// the last one answers unless it is older than two seconds; the submissions let in but not yet
/// recorded count as well.
/// </summary>
public sealed class IntakeGateTests : IAsyncLifetime
{
    private readonly StorageCallCounter counter = new();
    private readonly ManualClock clock = new();
    private StorageClients storage = null!;
    private RequestStore store = null!;
    private int pauses;

    public async Task InitializeAsync()
    {
        storage = new StorageClients(TestStorage.ConnectionString, new StorageNames(TestStorage.NewPrefix()), counter);
        await storage.EnsureCreatedAsync();
        store = new RequestStore(storage);
    }

    public Task DisposeAsync() => TestStorage.DeleteAsync(storage);

    [Fact]
    public async Task ConcurrentChecks_ShareOneReadPerSecond_AndSeeTheBacklogDrainAfterIt()
    {
        var waiting = new List<RequestRecord>();
        for (var i = 0; i < 3; i++)
        {
            var record = Waiting();
            await store.TryInsertAsync(record, CancellationToken.None);
            waiting.Add(record);
        }

        var gate = new IntakeGate(store, new IntakeSettings(2, TimeSpan.FromSeconds(3)), clock);
        counter.Reset();

        var verdicts = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => gate.TryEnterAsync(CancellationToken.None)));
        Assert.All(verdicts, v =>
        {
            Assert.NotNull(v);
            Assert.True(v.Backlog >= 2, $"{v.Backlog}"); // the count stops at the limit: one page of two keys
            Assert.Equal(2, v.Limit);
            Assert.InRange(v.RetryAfter.TotalSeconds, 3, 6);
        });
        Assert.Equal(1, Readings());

        // Drained, but the reading is still fresh: the gate stays shut and reads nothing.
        foreach (var r in waiting)
        {
            await store.UpdateAsync(new RequestUpdate(r.Id, r.Partner, 2, DateTimeOffset.UtcNow, new RequestLifecycle(Stage.Completed, Outcome.Withdrawn, Stage.Received), null, null, null, null, null), CancellationToken.None);
        }

        clock.Advance(IntakeGate.Refresh - TimeSpan.FromMilliseconds(1));
        Assert.NotNull(await gate.TryEnterAsync(CancellationToken.None));
        Assert.Equal(1, Readings());

        // Stale: the next reading starts, and until it is done the last one answers (the door stays shut).
        clock.Advance(TimeSpan.FromMilliseconds(1));
        IntakeRefusal?[] open;
        do
        {
            open = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => gate.TryEnterAsync(CancellationToken.None)));
        }
        while (open.All(v => v is not null) && await PausedAsync());

        Assert.Equal(2, open.Count(v => v is null)); // an empty backlog, and room for the limit's worth
        Assert.Equal(2, Readings());
    }

    [Fact]
    public async Task ALaterReading_LoadsWhileTheLastAnswers_UnlessTheLastIsTooOld()
    {
        var gate = new IntakeGate(store, new IntakeSettings(2, TimeSpan.FromSeconds(1)), clock);
        var first = gate.TryEnterAsync(CancellationToken.None);
        Assert.False(first.IsCompleted); // nothing to answer from yet
        Assert.Null(await first);
        gate.Entered();

        for (var i = 0; i < 3; i++)
        {
            await store.TryInsertAsync(Waiting(), CancellationToken.None);
        }

        clock.Advance(IntakeGate.Refresh);
        var stale = gate.TryEnterAsync(CancellationToken.None);
        Assert.True(stale.IsCompletedSuccessfully); // the last reading answers at once: the backlog was empty
        Assert.Null(await stale);
        gate.Entered();

        IntakeRefusal? refused;
        while ((refused = await gate.TryEnterAsync(CancellationToken.None)) is null && await PausedAsync())
        {
            gate.Entered();
        }

        Assert.True(refused?.Backlog >= 2, $"{refused?.Backlog}"); // three waiting; the count stops at the limit

        // After a quiet spell the last reading is too old to answer: the next submission waits for a new one.
        clock.Advance(IntakeGate.MaxAge);
        var afterQuiet = gate.TryEnterAsync(CancellationToken.None);
        Assert.False(afterQuiet.IsCompleted);
        Assert.NotNull(await afterQuiet);
    }

    [Fact]
    public async Task ABurst_IsLetInUpToTheLimit_CountingTheSubmissionsStillBeingRecorded()
    {
        await store.TryInsertAsync(Waiting(), CancellationToken.None);
        var gate = new IntakeGate(store, new IntakeSettings(5, TimeSpan.FromSeconds(1)), clock);
        counter.Reset();

        var verdicts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => gate.TryEnterAsync(CancellationToken.None)));
        Assert.Equal(4, verdicts.Count(v => v is null));
        Assert.Equal(1, Readings());

        // A new reading cannot see the four still being recorded: it makes no room for more.
        clock.Advance(IntakeGate.Refresh);
        do
        {
            verdicts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => gate.TryEnterAsync(CancellationToken.None)));
            Assert.All(verdicts, Assert.NotNull);
        }
        while (Readings() < 2 && await PausedAsync());

        // Once they are done the reading is what counts (they wrote nothing here, so there is room again).
        for (var i = 0; i < 4; i++)
        {
            gate.Entered();
        }

        verdicts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => gate.TryEnterAsync(CancellationToken.None)));
        Assert.Equal(4, verdicts.Count(v => v is null));
        Assert.Equal(2, Readings());
    }

    [Fact]
    public async Task NoLimit_NeverReadsTheBacklog()
    {
        await store.TryInsertAsync(Waiting(), CancellationToken.None);
        var gate = new IntakeGate(store, new IntakeSettings(0, TimeSpan.FromSeconds(1)), clock);
        counter.Reset();

        Assert.Null(await gate.TryEnterAsync(CancellationToken.None));
        Assert.Empty(counter.Calls);
    }

    /// <summary>Waits a little for a reading under way (true, so a polling loop goes on), for at most 10 s
    /// in all.</summary>
    private async Task<bool> PausedAsync()
    {
        Assert.True(++pauses < 500, "the next reading never came");
        await Task.Delay(20);
        return true;
    }

    /// <summary>How many times the backlog was read: one query of each engine stage's partition a reading.</summary>
    private int Readings()
    {
        var queries = counter.Calls.Count(c => c.Kind == StorageCallKind.PartitionQuery && c.Target == storage.Names.RequestsByStage);
        Assert.Equal(0, queries % IntakeGate.EngineStages.Count);
        return queries / IntakeGate.EngineStages.Count;
    }

    private static RequestRecord Waiting() => new(
        $"GEO-{DateTime.UtcNow:yyyyMMdd}-{Guid.NewGuid().ToString("N")[..12]}", "GEO", "Waiting", "Not started yet.",
        [new LineItemInput("education-and-training", 5, 2, "in-country")], DateOnly.FromDateTime(DateTime.UtcNow.AddMonths(2)), null,
        Stage.Received, null, Stage.Received, null, null, null, null, [], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, Guid.NewGuid().ToString("N"), 1);
}
