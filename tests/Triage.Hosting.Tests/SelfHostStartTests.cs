using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Triage.LocalHost;
using Triage.LocalHost.Engine;

namespace Triage.Hosting.Tests;

/// <summary>What the self-host decides at start: the task hub name check, the engine's worker id,
/// Azurite's arguments, and what its banner shows of the storage connection.</summary>
public sealed class SelfHostStartTests
{
    [Theory]
    [InlineData("triage")]
    [InlineData("Triage2")]
    [InlineData("abc")]
    [InlineData("t0123456789abcdef0123456789abcdef0123456789ab")] // 45
    public void TaskHubName_Valid(string name) => Assert.True(EngineOptions.IsValidTaskHubName(name));

    [Theory]
    [InlineData("ab")] // too short
    [InlineData("t0123456789abcdef0123456789abcdef0123456789abc")] // 46
    [InlineData("1triage")] // starts with a digit
    [InlineData("my-hub")]
    [InlineData("my_hub")]
    [InlineData("hub name")]
    [InlineData("triage\n")]
    [InlineData("tri\u00e4ge")] // a letter, but not one the storage names take
    [InlineData("")]
    [InlineData(null)]
    public void TaskHubName_Invalid(string? name) => Assert.False(EngineOptions.IsValidTaskHubName(name));

    [Theory]
    [InlineData("--hub", "my-hub")]
    [InlineData("--Durable:TaskHubName", "1triage")]
    public async Task Start_WithAnInvalidTaskHubName_FailsAtOnce_NamingTheSettingAndTheRule(string option, string name)
    {
        // Fails before Azurite or the engine is touched: no storage is needed for this test.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TriageLocalHost.StartAsync([option, name, "--Durable:Backend=Memory", "--Urls=http://127.0.0.1:0"]));

        Assert.Contains($"'{name}'", error.Message);
        Assert.Contains("Durable:TaskHubName", error.Message);
        Assert.Contains("--hub", error.Message);
        Assert.Contains(EngineOptions.TaskHubNameRule, error.Message);
    }

    [Theory]
    [InlineData("--Intake:MaxBacklog=-1", "Intake:MaxBacklog")]
    [InlineData("--Intake:MaxBacklog=many", "Intake:MaxBacklog")]
    [InlineData("--Intake:RetryAfter=00:10:00", "Intake:RetryAfter")]
    public async Task Start_WithAnInvalidIntakeSetting_FailsAtOnce_NamingTheSetting(string option, string setting)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TriageLocalHost.StartAsync([option, "--Durable:Backend=Memory", "--Urls=http://127.0.0.1:0"]));

        Assert.Contains(setting, error.Message);
        Assert.Contains($"'{option[(option.IndexOf('=') + 1)..]}'", error.Message);
    }

    [Fact]
    public void DefaultWorkerId_DiffersByPort_AndIsStableForOnePortOnOneMachine()
    {
        var first = EngineOptions.DefaultWorkerId("build-01", "http://localhost:7071", processId: 100);
        var second = EngineOptions.DefaultWorkerId("build-01", "http://localhost:7072", processId: 200);
        var restarted = EngineOptions.DefaultWorkerId("build-01", "http://localhost:7071", processId: 300);
        var otherMachine = EngineOptions.DefaultWorkerId("build-02", "http://localhost:7071", processId: 100);

        Assert.NotEqual(first, second);
        Assert.Equal(first, restarted);
        Assert.NotEqual(first, otherMachine);
        Assert.Equal("build-01-7071", first);
    }

    [Theory]
    [InlineData("http://127.0.0.1:7071", "m-7071")]
    [InlineData("http://*:7071", "m-7071")]
    [InlineData("http://+:8080/", "m-8080")]
    [InlineData("http://[::1]:7075", "m-7075")]
    [InlineData("http://localhost:7071;https://localhost:7443", "m-7071")]
    [InlineData("http://localhost", "m-80")]
    [InlineData("https://localhost", "m-443")]
    [InlineData("http://127.0.0.1:0", "m-pid42")] // a free port, picked at start: no stable identity to keep
    [InlineData(null, "m-pid42")]
    [InlineData("", "m-pid42")]
    public void DefaultWorkerId_TakesThePortOfTheFirstUrl(string? urls, string expected) =>
        Assert.Equal(expected, EngineOptions.DefaultWorkerId("M", urls, processId: 42));

    [Fact]
    public void WorkerId_IsNeverAConstant_EvenBeforeTheHostResolvesIt()
    {
        var options = new EngineOptions();

        Assert.Equal(EngineOptions.DefaultWorkerId(Environment.MachineName, null, Environment.ProcessId), options.WorkerId);
        Assert.NotEqual("triage-localhost", options.WorkerId);

        options.WorkerId = "chosen";
        Assert.Equal("chosen", options.WorkerId);
    }

    [Fact]
    public void Azurite_StartsWithoutItsDebugLog_UnlessAsked()
    {
        var quiet = Azurite.Arguments("azurite.js", "/data", debug: false);
        var debug = Azurite.Arguments("azurite.js", "/data", debug: true);

        Assert.DoesNotContain("--debug", quiet);
        Assert.Contains("--silent", quiet);
        Assert.Equal(["--location", "/data"], quiet.SkipWhile(a => a != "--location").Take(2));
        Assert.Equal(["--debug", Path.Combine("/data", "debug.log")], debug.SkipWhile(a => a != "--debug"));
        Assert.Equal(quiet, debug.Take(quiet.Count));
        Assert.Equal("Azurite:Debug", Azurite.DebugSetting);
    }

    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0a2V5c2VjcmV0a2V5==;EndpointSuffix=core.windows.net", "c2VjcmV0a2V5c2VjcmV0a2V5")]
    [InlineData("BlobEndpoint=https://acct.blob.core.windows.net/;QueueEndpoint=https://acct.queue.core.windows.net/;SharedAccessSignature=sv=2024-11-04&ss=bqt&srt=sco&sp=rwdlacup&se=2030-01-01T00:00:00Z&sig=AbC%2Bsecret%3D", "AbC%2Bsecret")]
    [InlineData("AccountName=acct;sharedaccesssignature=sv=2024-11-04&sig=lowercasesecret", "lowercasesecret")]
    [InlineData("TableEndpoint=https://acct.table.core.windows.net/?sv=2024-11-04&ss=t&sig=UriSecret%3D;QueueEndpoint=https://acct.queue.core.windows.net/?sig=QueueSecret&sv=2024-11-04", "Secret")]
    [InlineData("https://acct.table.core.windows.net/?sv=2024-11-04&sp=r&SIG=BareUriSecret", "BareUriSecret")]
    public void Banner_HidesKeysAndSasSignatures(string connection, string secret)
    {
        var shown = Banner.Redact(connection);

        Assert.DoesNotContain(secret, shown, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(Banner.Hidden, shown);
        Assert.Contains("acct", shown); // what is not secret stays readable
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;EndpointSuffix=core.windows.net")]
    public void Banner_ShowsConnectionsWithoutSecretsAsTheyAre(string connection) =>
        Assert.Equal(connection, Banner.Redact(connection));

    [Fact]
    public void Banner_ShowsAnIdentityBasedConnectionByItsTableServiceUri()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:tableServiceUri"] = "https://acct.table.core.windows.net/",
        }).Build();

        Assert.Equal("https://acct.table.core.windows.net/ (identity)", Banner.Storage(configuration));
        Assert.Equal("(none)", Banner.Storage(new ConfigurationBuilder().Build()));
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A started self-host runs its engine under the default worker id of its machine and port.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SelfHostWorkerIdTests
{
    [Fact]
    public async Task StartedHost_UsesTheMachineAndItsListeningPort_AsWorkerId()
    {
        var port = SelfHostStartTests.FreePort();
        await using var host = await TriageLocalHost.StartAsync(new LocalHostOptions
        {
            Backend = EngineBackend.Memory,
            Port = port,
            Settings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" },
        });

        Assert.Equal(EngineOptions.DefaultWorkerId(Environment.MachineName, $"http://127.0.0.1:{port}", 0), host.Engine.WorkerId);
        Assert.EndsWith($"-{port}", host.Engine.WorkerId);
    }

    [Fact]
    public async Task ConfiguredWorkerId_Wins()
    {
        await using var host = await TriageLocalHost.StartAsync(new LocalHostOptions
        {
            Backend = EngineBackend.Memory,
            Settings = new Dictionary<string, string?> { ["Durable:WorkerId"] = "box-a", ["Logging:LogLevel:Default"] = "Warning" },
        });

        Assert.Equal("box-a", host.Engine.WorkerId);
    }
}
