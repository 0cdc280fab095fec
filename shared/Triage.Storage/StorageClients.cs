using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Triage.Storage;

/// <summary>
/// Every Table and Queue client comes from here. Two ways to connect, read the way Azure Functions
/// reads its <c>AzureWebJobsStorage</c> connection:
/// <list type="bullet">
/// <item>a connection string (<c>AzureWebJobsStorage</c>), for Azurite and development;</item>
/// <item>service URIs (<c>AzureWebJobsStorage__tableServiceUri</c>, <c>__queueServiceUri</c>) with
/// <c>DefaultAzureCredential</c>, using <c>__clientId</c> for a user-assigned managed identity. No
/// account keys exist in Azure (shared-key access is disabled on the account).</item>
/// </list>
/// </summary>
public sealed class StorageClients
{
    public const string ConnectionName = "AzureWebJobsStorage";

    private readonly TableServiceClient tables;
    private readonly QueueServiceClient queues;

    public StorageClients(string connectionString, StorageNames? names = null)
        : this(connectionString, names, null)
    {
    }

    /// <summary>With <paramref name="policy"/> in the pipeline of every table and queue call (tests count
    /// the round trips of a path with it).</summary>
    public StorageClients(string connectionString, StorageNames? names, HttpPipelinePolicy? policy)
    {
        ConnectionString = connectionString;
        var tableOptions = new TableClientOptions();
        var queueOptions = QueueOptions();
        if (policy is not null)
        {
            tableOptions.AddPolicy(policy, HttpPipelinePosition.PerCall);
            queueOptions.AddPolicy(policy, HttpPipelinePosition.PerCall);
        }

        tables = new TableServiceClient(connectionString, tableOptions);
        queues = new QueueServiceClient(connectionString, queueOptions);
        Names = names ?? new StorageNames();
    }

    public StorageClients(Uri tableServiceUri, Uri queueServiceUri, TokenCredential credential, StorageNames? names = null)
    {
        Credential = credential;
        tables = new TableServiceClient(tableServiceUri, credential);
        queues = new QueueServiceClient(queueServiceUri, credential, QueueOptions());
        Names = names ?? new StorageNames();
    }

    public StorageNames Names { get; }

    /// <summary>Set when connected by connection string (Azurite); null with managed identity.</summary>
    public string? ConnectionString { get; }

    /// <summary>Set when connected by identity; null with a connection string.</summary>
    public TokenCredential? Credential { get; }

    /// <summary>The user-assigned managed identity (<c>__clientId</c>) the credential uses; null for a
    /// connection string, or when the credential picks the identity itself (developer sign-in, system-assigned).</summary>
    public string? ManagedIdentityClientId { get; private init; }

    public TableServiceClient TableService => tables;

    public QueueServiceClient QueueService => queues;

    public TableClient Table(string name) => tables.GetTableClient(name);

    public QueueClient Queue(string name) => queues.GetQueueClient(name);

    /// <summary>Creates every table and queue the product uses; safe to call at every start.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(
            Names.AllTables.Select(t => tables.GetTableClient(t).CreateIfNotExistsAsync(cancellationToken))
                .Concat<Task>(Names.AllQueues.Select(q => queues.GetQueueClient(q).CreateIfNotExistsAsync(cancellationToken: cancellationToken))));
    }

    /// <summary>Reads the <c>AzureWebJobsStorage</c> connection from configuration, as Azure Functions does.</summary>
    public static StorageClients FromConfiguration(IConfiguration configuration)
    {
        var names = new StorageNames(configuration[StorageNames.PrefixSetting]);
        var connectionString = configuration[ConnectionName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new StorageClients(connectionString, names);
        }

        var section = configuration.GetSection(ConnectionName);
        var tableUri = section["tableServiceUri"];
        var queueUri = section["queueServiceUri"];
        if (tableUri is null || queueUri is null)
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set '{ConnectionName}' to a connection string, or " +
                $"'{ConnectionName}__tableServiceUri' and '{ConnectionName}__queueServiceUri' for an identity-based connection.");
        }

        var clientId = string.IsNullOrWhiteSpace(section["clientId"]) ? null : section["clientId"];
        return new StorageClients(ServiceUri(tableUri, "tableServiceUri"), ServiceUri(queueUri, "queueServiceUri"), CreateCredential(clientId), names)
        {
            ManagedIdentityClientId = clientId,
        };
    }

    /// <summary>True when the configured connection is the storage emulator (Azurite): the development
    /// shortcut or its well-known account. Its table store reads a whole table for a query and compares a
    /// row key's every namesake for a point operation, so settings that keep data short follow it.</summary>
    public static bool IsEmulator(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[ConnectionName];
        return connectionString is not null
            && (connectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase)
                || connectionString.Contains("devstoreaccount1", StringComparison.OrdinalIgnoreCase));
    }

    // Keys never travel in a service URI, so https is required (Azurite uses the connection string).
    private static Uri ServiceUri(string value, string setting) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
            ? uri
            : throw new InvalidOperationException($"'{ConnectionName}__{setting}' must be an absolute https URI, got '{value}'.");

    private static DefaultAzureCredential CreateCredential(string? managedIdentityClientId) =>
        new(new DefaultAzureCredentialOptions { ManagedIdentityClientId = managedIdentityClientId });

    // Queue messages are plain UTF-8 JSON (host.json: extensions.queues.messageEncoding = none),
    // so both hosts and any approver tool read and write the same bytes.
    private static QueueClientOptions QueueOptions() => new() { MessageEncoding = QueueMessageEncoding.None };
}
