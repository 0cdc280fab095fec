using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Triage.Domain;
using Triage.Storage;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.Storage;

/// <summary>Start-up seeding of table ReferenceData: once, versioned, never over an admin's change
/// unless <c>ReferenceData:ApplyEmbedded</c> says so.</summary>
public sealed class ReferenceDataSeedingTests : IAsyncLifetime
{
    private StorageClients storage = null!;

    public async Task InitializeAsync()
    {
        storage = TestStorage.Clients(TestStorage.NewPrefix());
        await storage.EnsureCreatedAsync();
    }

    public Task DisposeAsync() => TestStorage.DeleteAsync(storage);

    [Fact]
    public async Task EmptyTable_IsSeededAsVersion1_AndReadsBackAsTheEmbeddedData()
    {
        var provider = ReferenceDataTesting.Provider(storage);

        await ReferenceDataTesting.Initializer(storage, provider).SeedAsync(CancellationToken.None);

        Assert.Equal(1, provider.CurrentVersion);
        var info = provider.Current.Info!;
        Assert.Equal((ReferenceDataStore.SeedSource, ReferenceData.EmbeddedVersion, (int?)null), (info.Source, info.EmbeddedVersion, info.BasedOn));
        Assert.Equal(ReferenceData.EmbeddedFiles(), await provider.GetFilesAsync(1, CancellationToken.None));
        Assert.Equal(ReferenceDataTesting.Json(ReferenceData.LoadEmbedded()), ReferenceDataTesting.Json(provider.Data));
        Assert.Equal(ReferenceDataTesting.Json(ReferenceData.LoadEmbedded()), ReferenceDataTesting.Json(await provider.GetAsync(1, CancellationToken.None)));
        Assert.Equal(["current", "v0000000001"], await ReferenceDataTesting.PartitionsAsync(storage));
        Assert.Equal(ReferenceData.FileNames.Append(ReferenceDataStore.MetaRowKey).Order(StringComparer.Ordinal),
            (await ReferenceDataTesting.RowsAsync(storage)).Where(r => r.PartitionKey == "v0000000001").Select(r => r.RowKey).Order(StringComparer.Ordinal));

        // The money: one balance row per fund, at its capacity.
        var balances = await new FundLedgerStore(storage).ListBalancesAsync(CancellationToken.None);
        Assert.Equal(provider.Data.Funds.Select(f => (f.Id, f.CapacityEur)).Order(), balances.Select(b => (b.FundId, b.CapacityEur)).Order());
    }

    [Fact]
    public async Task SecondStart_WritesNoNewVersion_AndLeavesThePointerAlone()
    {
        await ReferenceDataTesting.Initializer(storage, ReferenceDataTesting.Provider(storage)).SeedAsync(CancellationToken.None);
        var before = await ReferenceDataTesting.RowsAsync(storage);

        var provider = ReferenceDataTesting.Provider(storage);
        var result = await new ReferenceDataStore(storage).EnsureEmbeddedAsync(applyNewer: true, CancellationToken.None);
        await ReferenceDataTesting.Initializer(storage, provider).SeedAsync(CancellationToken.None);

        Assert.Equal(ReferenceDataSeedOutcome.UpToDate, result.Outcome);
        Assert.False(result.EmbeddedFilesChanged);
        Assert.Equal(1, provider.CurrentVersion);
        Assert.Equal(ReferenceDataTesting.Keys(before), ReferenceDataTesting.Keys(await ReferenceDataTesting.RowsAsync(storage)));
    }

    [Fact]
    public async Task TwoInitializersRacing_CreateOneVersion()
    {
        var providers = Enumerable.Range(0, 4).Select(_ => ReferenceDataTesting.Provider(storage)).ToList();

        await Task.WhenAll(providers.Select(p => Task.Run(() => ReferenceDataTesting.Initializer(storage, p).SeedAsync(CancellationToken.None))));

        Assert.Equal(["current", "v0000000001"], await ReferenceDataTesting.PartitionsAsync(storage));
        Assert.All(providers, p => Assert.Equal(1, p.CurrentVersion));
        Assert.Empty(await new FundLedgerStore(storage).CheckInvariantAsync(CancellationToken.None));
    }

    [Fact]
    public async Task OlderEmbeddedSetInStorage_IsKept_UntilApplyEmbedded_ThenAppliedOnceOnTop()
    {
        // Storage as an older build left it: seeded from embedded set version 0, then changed by an admin.
        await ReferenceDataTesting.Initializer(storage, ReferenceDataTesting.Provider(storage)).SeedAsync(CancellationToken.None);
        await ReferenceDataTesting.SetEmbeddedVersionAsync(storage, 1, ReferenceData.EmbeddedVersion - 1);
        var admin = ReferenceDataTesting.Provider(storage);
        await admin.RefreshAsync(CancellationToken.None);
        var changed = await admin.SaveAsync(ReferenceDataTesting.WithPartnerStatus("GEO", "suspended"), "admin@nato.int", ReferenceDataStore.AdminSource, CancellationToken.None);
        Assert.Equal(2, changed);
        Assert.Equal(ReferenceData.EmbeddedVersion - 1, admin.Current.Info!.EmbeddedVersion);

        // Without the setting: logged, not applied.
        var kept = ReferenceDataTesting.Provider(storage);
        var store = new ReferenceDataStore(storage);
        Assert.Equal(ReferenceDataSeedOutcome.NewerEmbeddedNotApplied, (await store.EnsureEmbeddedAsync(applyNewer: false, CancellationToken.None)).Outcome);
        await ReferenceDataTesting.Initializer(storage, kept).SeedAsync(CancellationToken.None);
        Assert.Equal(2, kept.CurrentVersion);
        Assert.Equal(PartnerStatus.Suspended, kept.Data.FindPartner("GEO")!.Status);

        // With it: the embedded set becomes version 3, on top; the admin's version 2 stays readable.
        var applied = ReferenceDataTesting.Provider(storage);
        await ReferenceDataTesting.Initializer(storage, applied, new ReferenceDataOptions { ApplyEmbedded = true }).SeedAsync(CancellationToken.None);
        Assert.Equal(3, applied.CurrentVersion);
        var info = applied.Current.Info!;
        Assert.Equal((ReferenceDataStore.SeedSource, ReferenceData.EmbeddedVersion, (int?)2), (info.Source, info.EmbeddedVersion, info.BasedOn));
        Assert.Equal(ReferenceDataTesting.Json(ReferenceData.LoadEmbedded()), ReferenceDataTesting.Json(applied.Data));
        Assert.Equal(PartnerStatus.Suspended, (await applied.GetAsync(2, CancellationToken.None)).FindPartner("GEO")!.Status);

        // Applied once: the next start with the setting still on finds it up to date.
        var again = await store.EnsureEmbeddedAsync(applyNewer: true, CancellationToken.None);
        Assert.Equal((ReferenceDataSeedOutcome.UpToDate, 3), (again.Outcome, again.Current.Version));
        Assert.Equal(["current", "v0000000001", "v0000000002", "v0000000003"], await ReferenceDataTesting.PartitionsAsync(storage));
    }

    [Fact]
    public async Task NewerEmbeddedSetInStorage_IsLeftAlone_EvenWithApplyEmbedded()
    {
        await ReferenceDataTesting.Initializer(storage, ReferenceDataTesting.Provider(storage)).SeedAsync(CancellationToken.None);
        await ReferenceDataTesting.SetEmbeddedVersionAsync(storage, 1, ReferenceData.EmbeddedVersion + 1);

        var result = await new ReferenceDataStore(storage).EnsureEmbeddedAsync(applyNewer: true, CancellationToken.None);

        Assert.Equal((ReferenceDataSeedOutcome.StoredIsNewer, 1), (result.Outcome, result.Current.Version));
        Assert.Equal(["current", "v0000000001"], await ReferenceDataTesting.PartitionsAsync(storage));
    }

    [Fact]
    public async Task EmbeddedFilesChangedWithoutANewSetVersion_AreReported()
    {
        await ReferenceDataTesting.Initializer(storage, ReferenceDataTesting.Provider(storage)).SeedAsync(CancellationToken.None);
        var pointer = (await storage.Table(storage.Names.ReferenceData).GetEntityAsync<TableEntity>("current", "current")).Value;
        pointer["Sha256"] = "0000";
        await storage.Table(storage.Names.ReferenceData).UpdateEntityAsync(pointer, pointer.ETag, TableUpdateMode.Replace);

        var result = await new ReferenceDataStore(storage).EnsureEmbeddedAsync(applyNewer: true, CancellationToken.None);

        Assert.Equal(ReferenceDataSeedOutcome.UpToDate, result.Outcome);
        Assert.True(result.EmbeddedFilesChanged);
        Assert.Equal(["current", "v0000000001"], await ReferenceDataTesting.PartitionsAsync(storage));
    }
}

/// <summary>Helpers of the reference data tests.</summary>
internal static class ReferenceDataTesting
{
    public static ReferenceDataProvider Provider(StorageClients storage, TimeProvider? clock = null, Func<ReferenceData, ReferenceData>? overrides = null) =>
        new(new ReferenceDataStore(storage), overrides, new ReferenceDataOptions(), clock);

    public static TriageStorageInitializer Initializer(StorageClients storage, ReferenceDataProvider provider, ReferenceDataOptions? options = null) =>
        new(storage, new FundLedgerStore(storage), provider, NullLogger<TriageStorageInitializer>.Instance, options, new ReferenceDataStore(storage));

    /// <summary>Reference data as a comparable value (the record's lists compare by reference).</summary>
    public static string Json(ReferenceData data) => JsonSerializer.Serialize(data);

    /// <summary>The embedded files with one partner's status changed.</summary>
    public static List<(string FileName, string Json)> WithPartnerStatus(string code, string status) =>
        WithFile("partners.json", root => root["partners"]!.AsArray().Single(p => (string?)p!["code"] == code)!["status"] = status);

    public static List<(string FileName, string Json)> WithFile(string file, Action<JsonNode> change)
    {
        var files = ReferenceData.EmbeddedFiles().ToList();
        var index = files.FindIndex(f => f.FileName == file);
        var node = JsonNode.Parse(files[index].Json)!;
        change(node);
        files[index] = (file, node.ToJsonString());
        return files;
    }

    public static async Task<List<TableEntity>> RowsAsync(StorageClients storage)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in storage.Table(storage.Names.ReferenceData).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }

    public static List<string> Keys(IEnumerable<TableEntity> rows) =>
        [.. rows.Select(r => $"{r.PartitionKey}/{r.RowKey}/{r.ETag}").Order(StringComparer.Ordinal)];

    public static async Task<List<string>> PartitionsAsync(StorageClients storage) =>
        [.. (await RowsAsync(storage)).Select(r => r.PartitionKey).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Makes a stored version (and the pointer, when it names it) look as if seeded by another build.</summary>
    public static async Task SetEmbeddedVersionAsync(StorageClients storage, int version, int embeddedVersion)
    {
        var table = storage.Table(storage.Names.ReferenceData);
        foreach (var (pk, rk) in new[] { (ReferenceDataStore.PartitionKey(version), ReferenceDataStore.MetaRowKey), (ReferenceDataStore.PointerKey, ReferenceDataStore.PointerKey) })
        {
            var row = (await table.GetEntityAsync<TableEntity>(pk, rk)).Value;
            if (row.GetInt32("Version") == version)
            {
                row["EmbeddedVersion"] = embeddedVersion;
                await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
            }
        }
    }
}

/// <summary>A clock that moves only when told to.</summary>
internal sealed class ManualClock : TimeProvider
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private long ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref ticks);

    public override DateTimeOffset GetUtcNow() => Start.AddTicks(Interlocked.Read(ref ticks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}
