using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Triage.Application;
using Triage.Domain;
using Triage.Storage;
using Triage.Workflow.Tests.Infrastructure;

namespace Triage.Workflow.Tests.Storage;

/// <summary>The provider serves the current stored version, refreshes it in the background, keeps
/// every version readable, and writes new versions only when they load.</summary>
public sealed class ReferenceDataProviderTests : IAsyncLifetime
{
    private StorageClients storage = null!;

    public async Task InitializeAsync()
    {
        storage = TestStorage.Clients(TestStorage.NewPrefix());
        await storage.EnsureCreatedAsync();
        await ReferenceDataTesting.Initializer(storage, ReferenceDataTesting.Provider(storage)).SeedAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => TestStorage.DeleteAsync(storage);

    [Fact]
    public async Task SavedVersion_IsServedByOtherInstancesAfterTheirRefresh_WhileVersion1StaysAsItWas()
    {
        var clock = new ManualClock();
        var other = ReferenceDataTesting.Provider(storage, clock);
        await other.RefreshAsync(CancellationToken.None);
        var admin = ReferenceDataTesting.Provider(storage);
        await admin.RefreshAsync(CancellationToken.None);

        var version = await admin.SaveAsync(ReferenceDataTesting.WithPartnerStatus("GEO", "suspended"), "admin@nato.int", ReferenceDataStore.AdminSource, CancellationToken.None);

        // The writer serves its own change at once.
        Assert.Equal(2, version);
        Assert.Equal((2, PartnerStatus.Suspended), (admin.CurrentVersion, admin.Data.FindPartner("GEO")!.Status));
        var info = admin.Current.Info!;
        Assert.Equal(("admin@nato.int", ReferenceDataStore.AdminSource, (int?)1, ReferenceData.EmbeddedVersion), (info.SavedBy, info.Source, info.BasedOn, info.EmbeddedVersion));

        // Another instance: within the interval, its snapshot; after it, a read still answers at once
        // with the old snapshot while the new version loads in the background.
        Assert.Equal((1, PartnerStatus.Active), (other.CurrentVersion, other.Data.FindPartner("GEO")!.Status));
        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(PartnerStatus.Active, other.Data.FindPartner("GEO")!.Status);
        await WaitUntilAsync(() => other.CurrentVersion == 2);
        Assert.Equal(PartnerStatus.Suspended, other.Data.FindPartner("GEO")!.Status);

        // Versions are immutable: version 1 is still the embedded data.
        var first = await other.GetAsync(1, CancellationToken.None);
        Assert.Equal(PartnerStatus.Active, first.FindPartner("GEO")!.Status);
        Assert.Equal(ReferenceDataTesting.Json(ReferenceData.LoadEmbedded()), ReferenceDataTesting.Json(first));
        Assert.Same(first, await other.GetAsync(1, CancellationToken.None));
        Assert.Equal(PartnerStatus.Suspended, (await ReferenceDataTesting.Provider(storage).GetAsync(2, CancellationToken.None)).FindPartner("GEO")!.Status);

        // A fresh instance (first read, no initializer) loads the current version on first use.
        Assert.Equal(2, ReferenceDataTesting.Provider(storage).CurrentVersion);
    }

    [Fact]
    public async Task InvalidDocument_IsRefused_NamingFileEntryAndField_AndNothingIsWritten()
    {
        var provider = ReferenceDataTesting.Provider(storage);
        await provider.RefreshAsync(CancellationToken.None);
        var before = ReferenceDataTesting.Keys(await ReferenceDataTesting.RowsAsync(storage));

        var bad = await Assert.ThrowsAsync<ReferenceDataException>(() =>
            provider.SaveAsync(ReferenceDataTesting.WithPartnerStatus("GEO", "dormant"), "admin@nato.int", ReferenceDataStore.AdminSource, CancellationToken.None));
        var broken = await Assert.ThrowsAsync<ReferenceDataException>(() =>
            provider.SaveAsync(ReferenceData.EmbeddedFiles().Select(f => f.FileName == "funds.json" ? (f.FileName, "{\"version\": \"1\", oops") : f), "admin@nato.int", ReferenceDataStore.AdminSource, CancellationToken.None));
        var missing = await Assert.ThrowsAsync<ReferenceDataException>(() =>
            provider.SaveAsync(ReferenceData.EmbeddedFiles().Where(f => f.FileName != "areas.json"), "admin@nato.int", ReferenceDataStore.AdminSource, CancellationToken.None));
        var huge = await Assert.ThrowsAsync<ReferenceDataException>(() =>
            provider.SaveAsync(ReferenceDataTesting.WithFile("locations.json", root => root["note"] = new string('x', ReferenceDataStore.MaxFileChars)), "admin@nato.int", ReferenceDataStore.AdminSource, CancellationToken.None));

        Assert.Equal(("partners.json", "status"), (bad.File, bad.Field));
        Assert.Contains("GEO", bad.Entry, StringComparison.Ordinal);
        Assert.Contains("dormant", bad.Message, StringComparison.Ordinal);
        Assert.StartsWith("funds.json: not valid JSON", broken.Message, StringComparison.Ordinal);
        Assert.StartsWith("areas.json: missing", missing.Message, StringComparison.Ordinal);
        Assert.StartsWith("locations.json:", huge.Message, StringComparison.Ordinal);
        Assert.Equal(before, ReferenceDataTesting.Keys(await ReferenceDataTesting.RowsAsync(storage)));
        Assert.Equal((1, PartnerStatus.Active), (provider.CurrentVersion, provider.Data.FindPartner("GEO")!.Status));
    }

    [Fact]
    public async Task SaveWithAnExpectedVersion_IsRefused_WhenSomeoneSavedSince()
    {
        var first = ReferenceDataTesting.Provider(storage);
        var second = ReferenceDataTesting.Provider(storage);
        Assert.Equal(2, await first.SaveAsync(ReferenceDataTesting.WithPartnerStatus("GEO", "suspended"), "a@nato.int", ReferenceDataStore.AdminSource, expectedVersion: 1, CancellationToken.None));

        var conflict = await Assert.ThrowsAsync<ReferenceDataConflictException>(() =>
            second.SaveAsync(ReferenceDataTesting.WithPartnerStatus("IRL", "suspended"), "b@nato.int", ReferenceDataStore.AdminSource, expectedVersion: 1, CancellationToken.None));

        Assert.Equal((1, 2), (conflict.ExpectedVersion, conflict.CurrentVersion));
        Assert.Equal(["current", "v0000000001", "v0000000002"], await ReferenceDataTesting.PartitionsAsync(storage));
    }

    [Fact]
    public async Task ConcurrentSaves_EachGetTheirOwnVersion_AndThePointerEndsOnOneOfThem()
    {
        var savers = Enumerable.Range(0, 4).Select(_ => ReferenceDataTesting.Provider(storage)).ToList();
        string[] codes = ["GEO", "IRL", "KAZ", "KGZ"];

        var versions = await Task.WhenAll(savers.Select((p, i) => Task.Run(() =>
            p.SaveAsync(ReferenceDataTesting.WithPartnerStatus(codes[i], "suspended"), $"admin{i}@nato.int", ReferenceDataStore.AdminSource, CancellationToken.None))));

        Assert.Equal(versions.Length, versions.Distinct().Count());
        var current = await ReferenceDataTesting.Provider(storage).RefreshAsync(CancellationToken.None);
        Assert.Contains(current.Version, versions);
        Assert.Equal(versions.Max(), current.Version);
    }

    [Fact]
    public async Task Workflow_RegistersTheStoredProvider_WithThePolicyOverridesOfConfiguration()
    {
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(TestStorage.Configuration(storage.Names.Prefix))
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Policy:StepDeadline"] = "00:00:04",
                ["Policy:Reminder"] = "00:00:02",
                ["ReferenceData:RefreshInterval"] = "PT2S",
            })
            .Build();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddTriageWorkflow(configuration);
        await using var services = collection.BuildServiceProvider();
        await ActivatorUtilities.CreateInstance<TriageStorageInitializer>(services).SeedAsync(CancellationToken.None);

        var provider = services.GetRequiredService<ReferenceDataProvider>();

        Assert.True(provider.HasStorage);
        Assert.Equal(1, provider.CurrentVersion);
        Assert.All(provider.Data.Policy.Timings.Values, t => Assert.Equal(new StepTiming(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(2)), t));
        Assert.All((await provider.GetAsync(1, CancellationToken.None)).Policy.Timings.Values, t => Assert.Equal(TimeSpan.FromSeconds(4), t.Deadline));
        Assert.Equal(TimeSpan.FromSeconds(2), services.GetRequiredService<ReferenceDataOptions>().RefreshInterval);
    }

    [Fact]
    public async Task FixedProvider_ServesItsDataAsIs_AndHasNothingToSaveTo()
    {
        var data = ReferenceData.LoadEmbedded();
        var provider = new ReferenceDataProvider(data);

        Assert.False(provider.HasStorage);
        Assert.Same(data, provider.Data);
        Assert.Equal(0, provider.CurrentVersion);
        Assert.Same(data, await provider.GetAsync(7, CancellationToken.None));
        Assert.Same(data, (await provider.RefreshAsync(CancellationToken.None)).Data);
        await Assert.ThrowsAsync<InvalidOperationException>(() => provider.SaveAsync(ReferenceData.EmbeddedFiles(), "a", "admin", CancellationToken.None));
    }

    [Fact]
    public async Task UnknownVersion_IsNotFound()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => ReferenceDataTesting.Provider(storage).GetAsync(42, CancellationToken.None));
    }

    [Theory]
    [InlineData("true", "00:00:03", true, 3)]
    [InlineData("False", "PT1M", false, 60)]
    [InlineData(null, null, false, 10)]
    public void Options_AreReadFromConfiguration(string? apply, string? interval, bool expectedApply, int expectedSeconds)
    {
        var options = ReferenceDataOptions.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ReferenceData:ApplyEmbedded"] = apply,
            ["ReferenceData:RefreshInterval"] = interval,
        }).Build());

        Assert.Equal((expectedApply, TimeSpan.FromSeconds(expectedSeconds)), (options.ApplyEmbedded, options.RefreshInterval));
    }

    [Theory]
    [InlineData("ReferenceData:ApplyEmbedded", "yes")]
    [InlineData("ReferenceData:RefreshInterval", "soon")]
    [InlineData("ReferenceData:RefreshInterval", "-00:00:01")]
    public void Options_RefuseNonsense(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => ReferenceDataOptions.FromConfiguration(configuration));
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmbeddedSet_HasAVersion_AndTheManifestIsNoReferenceFile()
    {
        Assert.True(ReferenceData.EmbeddedVersion >= 1);
        Assert.DoesNotContain(ReferenceData.ManifestFileName, ReferenceData.FileNames);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
