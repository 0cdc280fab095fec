using System.Text.Json.Nodes;

namespace Triage.Infra.Tests;

/// <summary>The production host.json (repository root, copied into the Functions app). Why each value: infra/README.md.</summary>
public sealed class HostJsonTests
{
    private readonly JsonObject host = HostJson.Load();

    private JsonNode Extensions => host["extensions"]!;

    private JsonNode DurableTask => Extensions["durableTask"]!;

    [Fact]
    public void Version_IsTwo() => Assert.Equal("2.0", (string)host["version"]!);

    [Fact]
    public void TaskHubName_ComesFromTheTaskHubNameSetting() =>
        Assert.Equal("%TaskHubName%", (string)DurableTask["hubName"]!);

    [Fact]
    public void DurableStorageProvider_IsAzureStorage_OnTheIdentityBasedConnection_WithChosenLimits()
    {
        var provider = DurableTask["storageProvider"]!;

        Assert.Null(provider["type"]); // no type: the default Azure Storage provider
        Assert.Equal("AzureWebJobsStorage", (string)provider["connectionName"]!);
        Assert.Equal(4, (int)provider["partitionCount"]!);
        Assert.Equal(TimeSpan.FromSeconds(1), TimeSpan.Parse((string)provider["maxQueuePollingInterval"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(32, (int)provider["controlQueueBatchSize"]!);
        Assert.True((bool)provider["useTablePartitionManagement"]!);
        Assert.Equal(20, (int)DurableTask["maxConcurrentActivityFunctions"]!);
        Assert.Equal(20, (int)DurableTask["maxConcurrentOrchestratorFunctions"]!);
        Assert.True((bool)DurableTask["extendedSessionsEnabled"]!);
        Assert.Equal(30, (int)DurableTask["extendedSessionIdleTimeoutInSeconds"]!);
    }

    [Fact]
    public void DurableDistributedTracing_IsOn_V2()
    {
        Assert.True((bool)DurableTask["tracing"]!["distributedTracingEnabled"]!);
        Assert.Equal("V2", (string)DurableTask["tracing"]!["version"]!);
    }

    [Fact]
    public void Queues_PoisonAfterFiveTries_AndCarryPlainJson()
    {
        var queues = Extensions["queues"]!;

        Assert.Equal(5, (int)queues["maxDequeueCount"]!);
        Assert.Equal("none", (string)queues["messageEncoding"]!);
        Assert.True(TimeSpan.Parse((string)queues["maxPollingInterval"]!, System.Globalization.CultureInfo.InvariantCulture) <= TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Http_RoutePrefix_IsApi() => Assert.Equal("api", (string)Extensions["http"]!["routePrefix"]!);

    [Fact]
    public void Logging_KeepsInformation_ButQuietsTheDurableEngine()
    {
        var levels = host["logging"]!["logLevel"]!;

        Assert.Equal("Information", (string)levels["default"]!);
        Assert.Equal("Information", (string)levels["Function"]!);
        Assert.Equal("Information", (string)levels["Host.Results"]!);
        Assert.Equal("Warning", (string)levels["DurableTask.AzureStorage"]!);
        Assert.Equal("Warning", (string)levels["DurableTask.Core"]!);
    }

    [Fact]
    public void FunctionTimeout_IsBounded() =>
        Assert.Equal(TimeSpan.FromMinutes(10), TimeSpan.Parse((string)host["functionTimeout"]!, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void SelfHost_MirrorsTheSettingsThatMustAgree()
    {
        // The self-host (functions/Triage.LocalHost) reads its own names for the same knobs
        // (infra/README.md lists them); the poison rule and partition layout must not differ.
        var path = Repo.PathOf("functions", "Triage.LocalHost", "appsettings.json");
        var self = HostJson.Load(path);

        Assert.Equal((int)Extensions["queues"]!["maxDequeueCount"]!, (int)self["Queues"]!["MaxDequeueCount"]!);
        Assert.Equal((int)DurableTask["storageProvider"]!["partitionCount"]!, (int)self["Durable"]!["PartitionCount"]!);
        Assert.NotNull(self["Durable"]!["MaxQueuePollingInterval"]);
        Assert.NotNull(self["Durable"]!["MaxConcurrentOrchestrations"]);
        Assert.NotNull(self["Durable"]!["MaxConcurrentActivities"]);
        Assert.Equal((bool)DurableTask["extendedSessionsEnabled"]!, (bool)self["Durable"]!["ExtendedSessionsEnabled"]!);
        Assert.Equal(
            TimeSpan.FromSeconds((int)DurableTask["extendedSessionIdleTimeoutInSeconds"]!),
            TimeSpan.Parse((string)self["Durable"]!["ExtendedSessionIdleTimeout"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotNull(self["Queues"]!["PollingInterval"]);
    }
}

public sealed class LocalSettingsExampleTests
{
    [Fact]
    public void Example_IsValidJson_ForTheIsolatedWorker_WithTheSameSettingNamesAsAzure()
    {
        var values = HostJson.Load(Repo.PathOf("functions", "Triage.Functions", "local.settings.json.example"))["Values"]!;

        Assert.Equal("dotnet-isolated", (string)values["FUNCTIONS_WORKER_RUNTIME"]!);
        Assert.Equal("UseDevelopmentStorage=true", (string)values["AzureWebJobsStorage"]!);
        Assert.NotNull(values["TaskHubName"]);
        Assert.NotNull(values["Auth__Authority"]);
        Assert.NotNull(values["Auth__Audience"]);
    }

    [Fact]
    public void RealLocalSettings_AreIgnoredByGit() =>
        Assert.Contains("local.settings.json", File.ReadAllLines(Repo.PathOf(".gitignore")));
}
