using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Triage.Domain;

namespace Triage.Storage;

/// <summary>
/// The reference data the workflow runs on: the current version in storage (<see cref="ReferenceDataStore"/>),
/// validated with the same loader as the files, with the configured policy overrides applied, cached.
/// <list type="bullet">
/// <item><see cref="Data"/> is the current version. Once it is older than the refresh interval
/// (<c>ReferenceData:RefreshInterval</c>), a read starts a look for a newer version in the background and
/// is answered from the snapshot it has; the newer version serves once it is loaded.</item>
/// <item>The first read waits until storage has been read: the start-up initializer loads it before the
/// Durable Task worker takes work; a process without the initializer loads it on first use, waiting
/// for a moment if the table is still being seeded. It never falls back to the embedded files.</item>
/// <item><see cref="GetAsync"/> serves any version; versions are immutable and cached for good.</item>
/// <item><c>SaveAsync</c> validates and writes a new version, which this provider serves at once (others after their refresh).</item>
/// </list>
/// A host or test may register its own instance with fixed data before <c>AddTriageWorkflow</c>: that
/// data is served as is, as version 0, for every version asked; it cannot be saved to.
/// </summary>
public sealed class ReferenceDataProvider
{
    /// <summary>How long a first read waits for a table that another instance is still seeding.</summary>
    private static readonly TimeSpan SeedWait = TimeSpan.FromSeconds(30);

    private readonly ReferenceDataSnapshot? fixedSnapshot;
    private readonly ReferenceDataStore? store;
    private readonly Func<ReferenceData, ReferenceData> overrides;
    private readonly TimeSpan refreshInterval;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<int, Lazy<Task<ReferenceDataSnapshot>>> versions = new();
    private readonly Lock firstLoadGate = new();
    private Entry? current;
    private Task<ReferenceDataSnapshot>? firstLoad;
    private int refreshing;

    /// <summary>Fixed data, no storage: served as is.</summary>
    public ReferenceDataProvider(ReferenceData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        fixedSnapshot = new ReferenceDataSnapshot(0, data, null);
        overrides = d => d;
        time = TimeProvider.System;
        logger = NullLogger.Instance;
    }

    /// <summary>The current version in storage, with <paramref name="overrides"/> (e.g. the configured
    /// policy timings) applied to every version served.</summary>
    public ReferenceDataProvider(
        ReferenceDataStore store,
        Func<ReferenceData, ReferenceData>? overrides = null,
        ReferenceDataOptions? options = null,
        TimeProvider? time = null,
        ILogger<ReferenceDataProvider>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        this.store = store;
        this.overrides = overrides ?? (d => d);
        refreshInterval = (options ?? new ReferenceDataOptions()).RefreshInterval;
        this.time = time ?? TimeProvider.System;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>False for a provider with fixed data.</summary>
    public bool HasStorage => store is not null;

    /// <summary>The current version's data (see the class comment for when it is read).</summary>
    public ReferenceData Data => Current.Data;

    /// <summary>The number of the version <see cref="Data"/> serves (0 for fixed data).</summary>
    public int CurrentVersion => Current.Version;

    /// <summary>The current version, its data and its metadata, consistent with each other.</summary>
    public ReferenceDataSnapshot Current
    {
        get
        {
            if (fixedSnapshot is not null)
            {
                return fixedSnapshot;
            }

            var entry = Volatile.Read(ref current);
            if (entry is null)
            {
                return LoadFirst();
            }

            if (time.GetElapsedTime(entry.CheckedAt) >= refreshInterval)
            {
                StartRefresh();
            }

            return entry.Snapshot;
        }
    }

    /// <summary>Reads which version is current now and loads it if it is new; what <see cref="Data"/>
    /// serves from then on. Throws when storage holds no reference data.</summary>
    public Task<ReferenceDataSnapshot> RefreshAsync(CancellationToken cancellationToken) =>
        fixedSnapshot is not null ? Task.FromResult(fixedSnapshot) : RefreshCoreAsync(waitForSeed: false, cancellationToken);

    /// <summary>One version, with the overrides applied; a <see cref="KeyNotFoundException"/> when it
    /// does not exist. Fixed data answers every version.</summary>
    public async Task<ReferenceData> GetAsync(int version, CancellationToken cancellationToken) =>
        (await GetSnapshotAsync(version, cancellationToken)).Data;

    /// <summary>The data a request runs on: the version it was screened with (<paramref name="version"/>),
    /// or the current one when it has none (a request screened before requests kept their version).</summary>
    public Task<ReferenceData> ForRequestAsync(int? version, CancellationToken cancellationToken) =>
        version is { } v and > 0 ? GetAsync(v, cancellationToken) : Task.FromResult(Data);

    /// <summary>One version's files as stored (file name, JSON), e.g. for an admin to change one and
    /// save them as a new version.</summary>
    public async Task<IReadOnlyList<(string FileName, string Json)>> GetFilesAsync(int version, CancellationToken cancellationToken)
    {
        var stored = await RequireStore().GetAsync(version, cancellationToken)
            ?? throw new KeyNotFoundException($"There is no reference data version {version}.");
        return stored.Files;
    }

    /// <summary>Validates the files with the loader (a <see cref="ReferenceDataException"/> naming the
    /// file, entry and field, and nothing written, if they do not load) and writes them as a new
    /// version, which becomes current. Returns its number.</summary>
    public Task<int> SaveAsync(IEnumerable<(string FileName, string Json)> files, string by, string source, CancellationToken cancellationToken) =>
        SaveAsync(files, by, source, expectedVersion: null, cancellationToken);

    /// <summary>As the overload without <paramref name="expectedVersion"/>; with <paramref name="expectedVersion"/>, a <see cref="ReferenceDataConflictException"/> when the
    /// current version is another one (someone saved since the caller read it).</summary>
    public Task<int> SaveAsync(IEnumerable<(string FileName, string Json)> files, string by, string source, int? expectedVersion, CancellationToken cancellationToken) =>
        SaveAsync(files, new ReferenceDataAuthor(by, source, null, null), expectedVersion, cancellationToken);

    /// <summary>As above, with the audit log's account of the change (<paramref name="author"/>).</summary>
    public async Task<int> SaveAsync(IEnumerable<(string FileName, string Json)> files, ReferenceDataAuthor author, int? expectedVersion, CancellationToken cancellationToken)
    {
        var target = RequireStore();
        var (valid, data) = ReferenceDataStore.Validate(files);
        var info = await target.SaveValidatedAsync(valid, author, expectedVersion, cancellationToken);
        var snapshot = new ReferenceDataSnapshot(info.Version, overrides(data), info);
        versions.TryAdd(info.Version, new Lazy<Task<ReferenceDataSnapshot>>(Task.FromResult(snapshot)));
        Install(snapshot);
        logger.LogInformation("Reference data version {Version} saved by {By} ({Source})", info.Version, info.SavedBy, info.Source);
        return info.Version;
    }

    /// <summary>The versions that were current, newest first (<see cref="ReferenceDataStore.HistoryAsync"/>).</summary>
    public Task<(IReadOnlyList<ReferenceDataVersionInfo> Items, int? Next)> HistoryAsync(int? from, int pageSize, CancellationToken cancellationToken) =>
        RequireStore().HistoryAsync(from, pageSize, cancellationToken);

    private ReferenceDataStore RequireStore() =>
        store ?? throw new InvalidOperationException("This ReferenceDataProvider serves fixed reference data; it has no storage.");

    private async Task<ReferenceDataSnapshot> GetSnapshotAsync(int version, CancellationToken cancellationToken)
    {
        if (fixedSnapshot is not null)
        {
            return fixedSnapshot;
        }

        var lazy = versions.GetOrAdd(version, v => new Lazy<Task<ReferenceDataSnapshot>>(() => LoadVersionAsync(v)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.Value.IsFaulted || lazy.Value.IsCanceled)
        {
            // A failed read is not cached: the next caller tries again.
            versions.TryRemove(new KeyValuePair<int, Lazy<Task<ReferenceDataSnapshot>>>(version, lazy));
            throw;
        }
    }

    private async Task<ReferenceDataSnapshot> LoadVersionAsync(int version)
    {
        var stored = await RequireStore().GetAsync(version, CancellationToken.None)
            ?? throw new KeyNotFoundException($"There is no reference data version {version}.");
        ReferenceData data;
        try
        {
            data = ReferenceData.Load(stored.Files);
        }
        catch (ReferenceDataException e)
        {
            throw new ReferenceDataException($"Stored reference data version {version} does not load: {e.Message}", e);
        }

        return new ReferenceDataSnapshot(version, overrides(data), stored.Info);
    }

    private async Task<ReferenceDataSnapshot> RefreshCoreAsync(bool waitForSeed, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var info = await RequireStore().GetCurrentAsync(cancellationToken);
        while (info is null && waitForSeed && Stopwatch.GetElapsedTime(started) < SeedWait)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            info = await RequireStore().GetCurrentAsync(cancellationToken);
        }

        if (info is null)
        {
            throw new InvalidOperationException(
                "Storage holds no reference data (table ReferenceData has no 'current' row): the start-up " +
                "initializer (TriageStorageInitializer) has not seeded it.");
        }

        var entry = Volatile.Read(ref current);
        if (entry is not null && entry.Snapshot.Version >= info.Version)
        {
            return Install(entry.Snapshot);
        }

        return Install(await GetSnapshotAsync(info.Version, cancellationToken));
    }

    /// <summary>Makes a snapshot current unless a newer one already is (versions only grow), and marks
    /// the current one as checked now.</summary>
    private ReferenceDataSnapshot Install(ReferenceDataSnapshot snapshot)
    {
        while (true)
        {
            var old = Volatile.Read(ref current);
            var next = old is not null && old.Snapshot.Version > snapshot.Version
                ? old with { CheckedAt = time.GetTimestamp() }
                : new Entry(snapshot, time.GetTimestamp());
            if (Interlocked.CompareExchange(ref current, next, old) == old)
            {
                if (old is null || old.Snapshot.Version != next.Snapshot.Version)
                {
                    var i = next.Snapshot.Info;
                    logger.LogInformation("Reference data: serving version {Version} (saved {At:u} by {By}, {Source})",
                        next.Snapshot.Version, i?.SavedAt, i?.SavedBy, i?.Source);
                }

                return next.Snapshot;
            }
        }
    }

    private ReferenceDataSnapshot LoadFirst()
    {
        Task<ReferenceDataSnapshot> load;
        lock (firstLoadGate)
        {
            load = firstLoad ??= Task.Run(() => RefreshCoreAsync(waitForSeed: true, CancellationToken.None));
        }

        try
        {
            return load.GetAwaiter().GetResult();
        }
        catch
        {
            lock (firstLoadGate)
            {
                if (ReferenceEquals(firstLoad, load))
                {
                    firstLoad = null;
                }
            }

            throw;
        }
    }

    private void StartRefresh()
    {
        if (Interlocked.Exchange(ref refreshing, 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await RefreshCoreAsync(waitForSeed: false, CancellationToken.None);
            }
            catch (Exception e)
            {
                var kept = Volatile.Read(ref current);
                logger.LogWarning(e, "Reference data refresh failed; still serving version {Version}", kept?.Snapshot.Version);
                if (kept is not null)
                {
                    Install(kept.Snapshot); // try again after another interval, not on every read
                }
            }
            finally
            {
                Volatile.Write(ref refreshing, 0);
            }
        });
    }

    private sealed record Entry(ReferenceDataSnapshot Snapshot, long CheckedAt);
}
