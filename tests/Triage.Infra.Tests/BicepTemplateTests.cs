using System.Text.Json.Nodes;
using Triage.Storage;

namespace Triage.Infra.Tests;

public sealed class BicepTemplateTests(TemplateFixture fixture) : IClassFixture<TemplateFixture>
{
    // Well-known built-in role definition ids (the same in every Azure tenant).
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    private JsonObject Main => fixture.Main;

    public static TheoryData<string> Templates() => [.. BicepCli.Templates()];

    [Theory]
    [MemberData(nameof(Templates))]
    public void Template_BuildsAndLints_WithNoErrorsOrWarnings(string template)
    {
        BicepCli.Build(template);
        BicepCli.Lint(template);
    }

    [Fact]
    public void Infra_HasTheEntryTemplateAndItsModules()
    {
        var templates = BicepCli.Templates().ToList();
        Assert.Contains("main.bicep", templates);
        Assert.True(templates.Count >= 2, "main.bicep is expected to compose modules.");
    }

    [Fact]
    public void StorageAccount_RefusesSharedKeysPublicBlobsAndOldTls()
    {
        var account = Arm.Single(Main, "Microsoft.Storage/storageAccounts").Properties;

        Assert.False((bool)account["allowSharedKeyAccess"]!);
        Assert.True((bool)account["defaultToOAuthAuthentication"]!);
        Assert.False((bool)account["allowBlobPublicAccess"]!);
        Assert.Equal("TLS1_2", (string)account["minimumTlsVersion"]!);
        Assert.True((bool)account["supportsHttpsTrafficOnly"]!);
    }

    [Fact]
    public void Templates_NeverReadOrWriteAccountKeys()
    {
        var json = Arm.Text(Main);
        Assert.DoesNotContain("listKeys", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("InstrumentationKey=", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Storage_DeclaresEveryTableTheCodeUses_AndNoOthers()
    {
        var declared = Arm.OfType(Main, "Microsoft.Storage/storageAccounts/tableServices/tables")
            .SelectMany(r => r.ReferencedVariableStrings())
            .ToHashSet();

        Assert.Equal(StorageNames.TableBases.Order(), declared.Order());
    }

    [Fact]
    public void Storage_DeclaresEveryQueueTheCodeUses_IncludingThePoisonQueue_AndNoOthers()
    {
        var declared = Arm.OfType(Main, "Microsoft.Storage/storageAccounts/queueServices/queues")
            .SelectMany(r => r.ReferencedVariableStrings())
            .ToHashSet();

        Assert.Equal(StorageNames.QueueBases.Order(), declared.Order());
        Assert.Contains(new StorageNames().ApprovalDecisionsPoisonQueue, declared);
    }

    [Fact]
    public void RoleAssignments_AreExactlyTheFourLeastPrivilegeRoles_ForTheAppIdentity()
    {
        var assignments = Arm.OfType(Main, "Microsoft.Authorization/roleAssignments").ToList();

        var roles = assignments.Select(a => RoleGuid((string)a.Properties["roleDefinitionId"]!)).Order().ToList();
        Assert.Equal(
            new[] { StorageBlobDataOwner, StorageQueueDataContributor, StorageTableDataContributor, MonitoringMetricsPublisher }.Order(),
            roles);

        foreach (var assignment in assignments)
        {
            Assert.Equal("ServicePrincipal", (string)assignment.Properties["principalType"]!);
            Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", (string)assignment.Properties["principalId"]!);
        }

        // Each on the narrowest scope: storage roles on the account, the publisher role on App Insights.
        var scopes = assignments.ToDictionary(a => RoleGuid((string)a.Properties["roleDefinitionId"]!), a => (string?)a.Node["scope"] ?? "");
        Assert.Contains("Microsoft.Storage/storageAccounts", scopes[StorageBlobDataOwner]);
        Assert.Contains("Microsoft.Storage/storageAccounts", scopes[StorageQueueDataContributor]);
        Assert.Contains("Microsoft.Storage/storageAccounts", scopes[StorageTableDataContributor]);
        Assert.Contains("Microsoft.Insights/components", scopes[MonitoringMetricsPublisher]);
    }

    [Fact]
    public void Monitoring_DisablesLocalAuth_OnApplicationInsightsAndLogAnalytics()
    {
        var insights = Arm.Single(Main, "Microsoft.Insights/components").Properties;
        Assert.True((bool)insights["DisableLocalAuth"]!);
        Assert.Contains("Microsoft.OperationalInsights/workspaces", (string)insights["WorkspaceResourceId"]!);

        var workspace = Arm.Single(Main, "Microsoft.OperationalInsights/workspaces").Properties;
        Assert.True((bool)workspace["features"]!["disableLocalAuth"]!);
    }

    [Fact]
    public void FunctionApp_IsFlexConsumption_DotnetIsolated10_RunningAsTheUserAssignedIdentity()
    {
        var plan = Arm.Single(Main, "Microsoft.Web/serverfarms").Node;
        Assert.Equal("FC1", (string)plan["sku"]!["name"]!);
        Assert.Equal("FlexConsumption", (string)plan["sku"]!["tier"]!);
        Assert.True((bool)plan["properties"]!["reserved"]!, "Flex Consumption is Linux only.");

        var site = Arm.Single(Main, "Microsoft.Web/sites");
        Assert.Equal("functionapp,linux", (string)site.Node["kind"]!);
        Assert.Equal("UserAssigned", (string)site.Node["identity"]!["type"]!);
        Assert.True((bool)site.Properties["httpsOnly"]!);

        var config = site.Properties["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", (string)config["runtime"]!["name"]!);
        Assert.Equal("10.0", (string)config["runtime"]!["version"]!);
        Assert.Contains("instanceMemoryMB", (string)config["scaleAndConcurrency"]!["instanceMemoryMB"]!);
        Assert.Contains("maximumInstanceCount", (string)config["scaleAndConcurrency"]!["maximumInstanceCount"]!);

        var deployment = config["deployment"]!["storage"]!;
        Assert.Equal("blobContainer", (string)deployment["type"]!);
        Assert.Equal("UserAssignedIdentity", (string)deployment["authentication"]!["type"]!);

        var tags = Arm.Text(site.Node["tags"]!);
        Assert.Contains("azd-service-name", tags);
    }

    [Fact]
    public void EntryTemplate_ExposesInstanceMemoryAndMaximumInstanceCount_AsParameters()
    {
        var parameters = Main["parameters"]!.AsObject();

        Assert.Equal([512, 2048, 4096], parameters["instanceMemoryMB"]!["allowedValues"]!.AsArray().Select(v => (int)v!));
        Assert.Equal(2048, (int)parameters["instanceMemoryMB"]!["defaultValue"]!);
        Assert.Equal("int", (string)parameters["maximumInstanceCount"]!["type"]!);
        Assert.True((int)parameters["maximumInstanceCount"]!["maxValue"]! <= 1000);
    }

    [Fact]
    public void AppSettings_UseIdentityBasedStorage_WithTheNamesStorageClientsReads()
    {
        var settings = AppSettings();
        var connection = StorageClients.ConnectionName;

        Assert.False(settings.ContainsKey(connection), $"'{connection}' would be a connection string; only identity-based settings are allowed.");
        foreach (var service in new[] { "blob", "queue", "table" })
        {
            // app setting <- function-app module parameter <- storage module output <- the account's endpoint.
            Assert.Equal($"[parameters('{service}ServiceUri')]", settings[$"{connection}__{service}ServiceUri"]);
            var passed = Arm.Text(Arm.Module(Main, "function-app")["properties"]!["parameters"]![$"{service}ServiceUri"]!);
            Assert.Contains("'storage'", passed);
            Assert.Contains($"outputs.{service}ServiceUri", passed);
            var output = (string)Arm.Module(Main, "storage")["properties"]!["template"]!["outputs"]![$"{service}ServiceUri"]!["value"]!;
            Assert.Contains($"primaryEndpoints.{service}", output);
        }

        Assert.Equal("managedidentity", settings[$"{connection}__credential"]);
        Assert.Equal("[parameters('identityClientId')]", settings[$"{connection}__clientId"]);
        var clientId = Arm.Text(Arm.Module(Main, "function-app")["properties"]!["parameters"]!["identityClientId"]!);
        Assert.Contains("'identity'", clientId);
        Assert.Contains("outputs.clientId", clientId);
    }

    [Fact]
    public void AppSettings_CarryTheTaskHubNameThatHostJsonReads()
    {
        var hubName = (string)HostJson.Load()["extensions"]!["durableTask"]!["hubName"]!;
        var setting = hubName.Trim('%');
        Assert.Equal($"%{setting}%", hubName);

        Assert.True(AppSettings().ContainsKey(setting), $"host.json reads %{setting}% but the app settings do not set it.");
    }

    [Fact]
    public void AppSettings_NameTheDecisionsQueue_ThatApproversAreTold_AndThatStorageDeclares()
    {
        // The queue trigger reads %ApprovalDecisionsQueue%; approvers are told StorageNames' name for
        // Storage:NamePrefix. The two must be the same queue, and storage.bicep must create it.
        var settings = AppSettings();
        var setting = StorageNames.ApprovalDecisionsQueueSetting;
        Assert.True(settings.ContainsKey(setting), $"The decisions trigger reads %{setting}% but the app settings do not set it.");
        var names = new StorageNames(settings.GetValueOrDefault(StorageNames.PrefixSetting.Replace(":", "__", StringComparison.Ordinal)));

        Assert.Equal(names.ApprovalDecisionsQueue, settings[setting]);
        Assert.Null(names.ApprovalDecisionsQueueSettingProblem(settings[setting]));
        var declared = Arm.OfType(Main, "Microsoft.Storage/storageAccounts/queueServices/queues").SelectMany(r => r.ReferencedVariableStrings());
        Assert.Contains(settings[setting], declared);
    }

    [Fact]
    public void AppSettings_AuthenticateTelemetryWithTheIdentity_AndConfigureEntraId()
    {
        var settings = AppSettings();

        Assert.Contains("ConnectionString", settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.Contains("ClientId=", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.Contains("Auth__Authority", settings.Keys);
        Assert.Contains("Auth__Issuer", settings.Keys);
        Assert.Contains("Auth__Audience", settings.Keys);
    }

    [Fact]
    public void AppSettings_LeaveOutWhatFlexConsumptionForbids()
    {
        // Flex Consumption sets these itself from functionAppConfig and rejects them as app settings.
        var settings = AppSettings();
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", settings.Keys);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", settings.Keys);
        Assert.DoesNotContain("WEBSITE_RUN_FROM_PACKAGE", settings.Keys);
    }

    private Dictionary<string, string> AppSettings()
    {
        var config = Arm.OfType(Main, "Microsoft.Web/sites/config")
            .Single(r => r.Name.Contains("'appsettings'", StringComparison.Ordinal));
        return config.Properties.ToDictionary(kv => kv.Key, kv => kv.Value!.ToString());
    }

    private static string RoleGuid(string roleDefinitionId)
    {
        var match = System.Text.RegularExpressions.Regex.Match(roleDefinitionId, "'([0-9a-f-]{36})'");
        Assert.True(match.Success, $"Role definition id is not a literal built-in role: {roleDefinitionId}");
        return match.Groups[1].Value;
    }
}
