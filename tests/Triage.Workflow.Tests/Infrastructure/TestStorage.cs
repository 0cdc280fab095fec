using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Triage.Domain;
using Triage.Storage;
using Triage.Application.Funds;
using Triage.Application.Identity;

namespace Triage.Workflow.Tests.Infrastructure;

/// <summary>Azurite (already running, or started by CI) with a fresh table/queue prefix per fixture.</summary>
public static class TestStorage
{
    public const string ConnectionString = "UseDevelopmentStorage=true";

    public static string NewPrefix() => "w" + Guid.NewGuid().ToString("N")[..10];

    public static StorageClients Clients(string prefix) => new(ConnectionString, new StorageNames(prefix));

    /// <summary>Fresh tables and queues, seeded as a host would at start.</summary>
    public static async Task<StorageClients> SeededAsync(ReferenceData? data = null)
    {
        var storage = Clients(NewPrefix());
        var initializer = new TriageStorageInitializer(
            storage,
            new FundLedgerStore(storage),
            new ReferenceDataProvider(data ?? ReferenceData.LoadEmbedded()),
            NullLogger<TriageStorageInitializer>.Instance);
        await initializer.SeedAsync(CancellationToken.None);
        return storage;
    }

    public static async Task DeleteAsync(StorageClients storage)
    {
        await Task.WhenAll(
            storage.Names.AllTables.Select(t => storage.TableService.DeleteTableAsync(t))
                .Concat<Task>(storage.Names.AllQueues.Select(q => storage.Queue(q).DeleteIfExistsAsync())));
    }

    /// <summary>Removes what the Durable Task Azure Storage backend made for a task hub (tables, queues,
    /// blob containers), so the shared Azurite does not grow with every run.</summary>
    public static async Task DeleteTaskHubAsync(string taskHub)
    {
        var tables = new Azure.Data.Tables.TableServiceClient(ConnectionString);
        await foreach (var t in tables.QueryAsync(t => t.Name.CompareTo(taskHub) >= 0 && t.Name.CompareTo(taskHub + "~") < 0))
        {
            await tables.DeleteTableAsync(t.Name);
        }

        var queues = new Azure.Storage.Queues.QueueServiceClient(ConnectionString);
        await foreach (var q in queues.GetQueuesAsync(prefix: taskHub.ToLowerInvariant()))
        {
            await queues.DeleteQueueAsync(q.Name);
        }

        var blobs = new Azure.Storage.Blobs.BlobServiceClient(ConnectionString);
        await foreach (var c in blobs.GetBlobContainersAsync(prefix: taskHub.ToLowerInvariant()))
        {
            var container = blobs.GetBlobContainerClient(c.Name);
            try
            {
                // The backend holds an app lease on its lease container: break it first.
                await Azure.Storage.Blobs.Specialized.SpecializedBlobExtensions.GetBlobLeaseClient(container).BreakAsync(TimeSpan.Zero);
            }
            catch (Azure.RequestFailedException)
            {
                // No lease: fine.
            }

            await container.DeleteIfExistsAsync();
        }
    }

    public static IConfiguration Configuration(string prefix) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageClients.ConnectionName] = ConnectionString,
            [StorageNames.PrefixSetting] = prefix,
            ["Auth:SigningKey"] = SigningKeyBase64,
            ["Auth:DevelopmentKey"] = "false",
        }).Build();

    /// <summary>The key the tests' hosts check bearer tokens with (<c>Auth:SigningKey</c>).</summary>
    public static readonly string SigningKeyBase64 = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public static AuthSettings Auth { get; } = new() { Issuer = AuthSettings.DefaultIssuer, SigningKey = Convert.FromBase64String(SigningKeyBase64), KeySource = "test" };

    /// <summary>An approver's bearer token, as the identity provider would issue it, for the hosts of these tests.</summary>
    public static string Bearer(string subject, params string[] steps) =>
        DevTokens.Mint(Auth, new TokenRequest(subject, [TriageRoles.Approver], Steps: steps));
}
