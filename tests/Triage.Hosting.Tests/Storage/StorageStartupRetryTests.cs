using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Triage.Domain;
using Triage.Storage;

namespace Triage.Hosting.Tests.Storage;

/// <summary>
/// The first start after provisioning: storage refuses the app's identity until its role assignments
/// propagate. The start-up seeding waits that out (and 5xx), fails fast on anything else, gives up in
/// bounded time, and once storage is seeded a start writes nothing. Storage is Azurite behind
/// <see cref="FlakyStorageProxy"/>; the waits are milliseconds here, and nothing asserts on time.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageStartupRetryTests : IAsyncLifetime
{
    private static readonly StorageStartupRetry Quick = new()
    {
        FirstDelay = TimeSpan.FromMilliseconds(5),
        MaxDelay = TimeSpan.FromMilliseconds(40),
        GiveUpAfter = TimeSpan.FromMinutes(2),
    };

    private readonly string prefix = "rt" + Guid.NewGuid().ToString("N")[..10];
    private readonly ListLogger<TriageStorageInitializer> logger = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        var storage = new StorageClients("UseDevelopmentStorage=true", new StorageNames(prefix));
        await Task.WhenAll(
            storage.Names.AllTables.Select(t => storage.TableService.DeleteTableAsync(t))
                .Concat<Task>(storage.Names.AllQueues.Select(q => storage.Queue(q).DeleteIfExistsAsync())));
    }

    [Fact]
    public async Task Seed_WaitsOutAuthorizationPermissionMismatch_ThenSucceeds()
    {
        // More refusals than one attempt sends (15 creates at once), so at least two attempts fail.
        await using var proxy = await FlakyStorageProxy.StartAsync(failures: 40, status: 403, errorCode: "AuthorizationPermissionMismatch");
        var storage = Through(proxy);

        await Initializer(storage, Quick).SeedAsync(CancellationToken.None);

        Assert.Equal(40, proxy.FailuresServed);
        var waits = Waits();
        Assert.True(waits.Count >= 2, $"Expected a logged wait per failed attempt, got:\n{string.Join('\n', logger.Entries)}");
        Assert.All(waits, w => Assert.Contains("403 AuthorizationPermissionMismatch", w));
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("storage answered on attempt", StringComparison.Ordinal));

        // Then it did everything a start does: tables, reference data, fund balances.
        var direct = Direct();
        var balances = await new FundLedgerStore(direct).ListBalancesAsync(CancellationToken.None);
        Assert.Equal(ReferenceData.LoadEmbedded().Funds.Select(f => f.Id).Order(), balances.Select(b => b.FundId).Order());
        Assert.NotNull(await new ReferenceDataStore(direct).GetCurrentAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Seed_WaitsOutAuthorizationFailure_Too()
    {
        await using var proxy = await FlakyStorageProxy.StartAsync(failures: 20, status: 403, errorCode: "AuthorizationFailure");

        await Initializer(Through(proxy), Quick).SeedAsync(CancellationToken.None);

        Assert.Equal(20, proxy.FailuresServed);
        Assert.NotEmpty(Waits());
        Assert.Contains(Waits(), w => w.Contains("403 AuthorizationFailure", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(403, "AuthenticationFailed")] // a wrong key or token: waiting will not heal it
    [InlineData(400, "InvalidInput")]
    [InlineData(404, "ResourceNotFound")]
    public async Task Seed_FailsFast_OnAnyOtherError(int status, string code)
    {
        await using var proxy = await FlakyStorageProxy.StartAsync(failures: 10_000, status, code);

        var error = await Assert.ThrowsAnyAsync<RequestFailedException>(() => Initializer(Through(proxy), Quick).SeedAsync(CancellationToken.None));

        Assert.Equal(status, error.Status);
        Assert.Equal(code, error.ErrorCode);
        Assert.Empty(Waits());
        Assert.True(proxy.FailuresServed <= 20, $"One attempt only, but {proxy.FailuresServed} requests were refused.");
    }

    [Fact]
    public async Task Seed_GivesUp_WhenItsTimeIsUp_WithTheLastError()
    {
        await using var proxy = await FlakyStorageProxy.StartAsync(failures: int.MaxValue, status: 403, errorCode: "AuthorizationPermissionMismatch");
        var retry = new StorageStartupRetry { FirstDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(20), GiveUpAfter = TimeSpan.FromMilliseconds(300) };

        var error = await Assert.ThrowsAnyAsync<RequestFailedException>(() => Initializer(Through(proxy), retry).SeedAsync(CancellationToken.None));

        Assert.Equal(403, error.Status);
        Assert.NotEmpty(Waits());
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("giving up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SecondStart_WritesNothing()
    {
        await using var proxy = await FlakyStorageProxy.StartAsync(failures: 0, status: 0, errorCode: "");
        var storage = Through(proxy);
        await Initializer(storage, Quick).SeedAsync(CancellationToken.None);
        Assert.NotEmpty(proxy.Changes); // the first start creates and seeds
        proxy.ClearChanges();

        // Another instance (or a restart): its own provider and stores, the same storage.
        await Initializer(Through(proxy), Quick).SeedAsync(CancellationToken.None);

        Assert.True(proxy.Changes.Count == 0, $"A start on seeded storage changed:\n{string.Join('\n', proxy.Changes)}");
    }

    [Theory]
    [InlineData(403, "AuthorizationPermissionMismatch", true)]
    [InlineData(403, "authorizationfailure", true)]
    [InlineData(500, "InternalError", true)]
    [InlineData(503, "ServerBusy", true)]
    [InlineData(403, "AuthenticationFailed", false)]
    [InlineData(403, null, false)]
    [InlineData(401, "InvalidAuthenticationInfo", false)]
    [InlineData(404, "TableNotFound", false)]
    [InlineData(409, "TableAlreadyExists", false)]
    [InlineData(429, "TooManyRequests", false)]
    public void IsTransient_OnlyPropagatingAuthorizationAndServerErrors(int status, string? code, bool transient) =>
        Assert.Equal(transient, StorageStartupRetry.IsTransient(new RequestFailedException(status, "x", code, null), out _));

    [Fact]
    public void IsTransient_NotForOtherExceptions() =>
        Assert.False(StorageStartupRetry.IsTransient(new InvalidOperationException("no"), out _));

    [Fact]
    public void Delays_Double_FromTheFirst_UpToTheCap()
    {
        var retry = new StorageStartupRetry();

        Assert.Equal(
            [2, 4, 8, 16, 30, 30, 30],
            Enumerable.Range(1, 7).Select(n => retry.DelayBefore(n).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(30), retry.DelayBefore(1000));
        Assert.Equal(TimeSpan.FromMinutes(5), retry.GiveUpAfter);
    }

    private List<string> Waits() =>
        [.. logger.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.Contains("trying again in", StringComparison.Ordinal)).Select(e => e.Message)];

    private StorageClients Through(FlakyStorageProxy proxy) => new(proxy.ConnectionString, new StorageNames(prefix));

    private StorageClients Direct() => new("UseDevelopmentStorage=true", new StorageNames(prefix));

    private TriageStorageInitializer Initializer(StorageClients storage, StorageStartupRetry retry) =>
        new(storage, new FundLedgerStore(storage), new ReferenceDataProvider(new ReferenceDataStore(storage)),
            logger, new ReferenceDataOptions(), new ReferenceDataStore(storage), retry);

    private static async Task<int> CountAsync(TableClient table)
    {
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(cancellationToken: CancellationToken.None))
        {
            count++;
        }

        return count;
    }
}
