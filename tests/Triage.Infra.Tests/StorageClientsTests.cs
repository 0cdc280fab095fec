using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Triage.Storage;

namespace Triage.Infra.Tests;

public sealed class StorageClientsTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();

    [Fact]
    public void ConnectionString_ConnectsWithoutCredential_ForAzurite()
    {
        var clients = StorageClients.FromConfiguration(Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true")));

        Assert.Equal("UseDevelopmentStorage=true", clients.ConnectionString);
        Assert.Null(clients.Credential);
        Assert.Null(clients.ManagedIdentityClientId);
        Assert.Equal(10002, clients.TableService.Uri.Port);
        Assert.Equal(10001, clients.QueueService.Uri.Port);
    }

    [Fact]
    public void ServiceUris_ConnectWithDefaultAzureCredential_ForTheManagedIdentity()
    {
        // The settings the Bicep template gives the app (as configuration keys; "__" becomes ":").
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage:tableServiceUri"] = "https://sttriage.table.core.windows.net/",
                ["AzureWebJobsStorage:queueServiceUri"] = "https://sttriage.queue.core.windows.net/",
                ["AzureWebJobsStorage:blobServiceUri"] = "https://sttriage.blob.core.windows.net/",
                ["AzureWebJobsStorage:credential"] = "managedidentity",
                ["AzureWebJobsStorage:clientId"] = "11111111-2222-3333-4444-555555555555",
            })
            .Build();

        var clients = StorageClients.FromConfiguration(configuration);

        Assert.IsType<DefaultAzureCredential>(clients.Credential);
        Assert.Null(clients.ConnectionString);
        Assert.Equal("11111111-2222-3333-4444-555555555555", clients.ManagedIdentityClientId);
        Assert.Equal(new Uri("https://sttriage.table.core.windows.net/"), clients.TableService.Uri);
        Assert.Equal(new Uri("https://sttriage.queue.core.windows.net/"), clients.QueueService.Uri);
        Assert.Equal("sttriage", clients.TableService.AccountName);
    }

    [Fact]
    public void DoubleUnderscoreSettingNames_AreReadAsAppSettings()
    {
        // App settings arrive as environment variables: AzureWebJobsStorage__tableServiceUri.
        var prefix = "TRIAGETEST" + Guid.NewGuid().ToString("N")[..6] + "_";
        Environment.SetEnvironmentVariable(prefix + "AzureWebJobsStorage__tableServiceUri", "https://sttriage.table.core.windows.net/");
        Environment.SetEnvironmentVariable(prefix + "AzureWebJobsStorage__queueServiceUri", "https://sttriage.queue.core.windows.net/");
        Environment.SetEnvironmentVariable(prefix + "AzureWebJobsStorage__clientId", "client-id");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();

            var clients = StorageClients.FromConfiguration(configuration);

            Assert.NotNull(clients.Credential);
            Assert.Equal("client-id", clients.ManagedIdentityClientId);
        }
        finally
        {
            foreach (var name in new[] { "tableServiceUri", "queueServiceUri", "clientId" })
            {
                Environment.SetEnvironmentVariable(prefix + "AzureWebJobsStorage__" + name, null);
            }
        }
    }

    [Fact]
    public void ServiceUris_WithoutClientId_StillUseACredential()
    {
        var clients = StorageClients.FromConfiguration(Settings(
            ("AzureWebJobsStorage:tableServiceUri", "https://sttriage.table.core.windows.net/"),
            ("AzureWebJobsStorage:queueServiceUri", "https://sttriage.queue.core.windows.net/")));

        Assert.IsType<DefaultAzureCredential>(clients.Credential);
        Assert.Null(clients.ManagedIdentityClientId);
    }

    [Fact]
    public void ConnectionString_WinsOverServiceUris()
    {
        var clients = StorageClients.FromConfiguration(Settings(
            ("AzureWebJobsStorage", "UseDevelopmentStorage=true"),
            ("AzureWebJobsStorage:tableServiceUri", "https://sttriage.table.core.windows.net/"),
            ("AzureWebJobsStorage:queueServiceUri", "https://sttriage.queue.core.windows.net/")));

        Assert.NotNull(clients.ConnectionString);
        Assert.Null(clients.Credential);
    }

    [Fact]
    public void NothingConfigured_FailsNamingTheSettings()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageClients.FromConfiguration(Settings()));

        Assert.Contains("AzureWebJobsStorage__tableServiceUri", error.Message);
    }

    [Fact]
    public void OnlyOneServiceUri_Fails()
    {
        Assert.Throws<InvalidOperationException>(() => StorageClients.FromConfiguration(Settings(
            ("AzureWebJobsStorage:tableServiceUri", "https://sttriage.table.core.windows.net/"))));
    }

    [Fact]
    public void PlainHttpServiceUri_Fails_BecauseTokensNeedTls()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StorageClients.FromConfiguration(Settings(
            ("AzureWebJobsStorage:tableServiceUri", "http://127.0.0.1:10002/devstoreaccount1"),
            ("AzureWebJobsStorage:queueServiceUri", "https://sttriage.queue.core.windows.net/"))));

        Assert.Contains("tableServiceUri", error.Message);
    }

    [Fact]
    public void NamePrefix_IsApplied_InBothModes()
    {
        var clients = StorageClients.FromConfiguration(Settings(
            ("AzureWebJobsStorage", "UseDevelopmentStorage=true"),
            (StorageNames.PrefixSetting, "t1")));

        Assert.Equal("t1Requests", clients.Names.Requests);
        Assert.Equal("t1-approval-decisions-poison", clients.Names.ApprovalDecisionsPoisonQueue);
    }
}
