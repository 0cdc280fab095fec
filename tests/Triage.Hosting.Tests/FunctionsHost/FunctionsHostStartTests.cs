using System.Text.Json.Nodes;
using Triage.Api;
using Triage.Testing;

namespace Triage.Hosting.Tests.FunctionsHost;

/// <summary>
/// The harness refuses to start an app the Functions host would refuse functions of, with the host's
/// words: the app's build output again, but with a function moved to a route the host reserves.
/// The worker indexes from functions.metadata, so the change reaches the harness as the worker's answer.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FunctionsHostStartTests : IDisposable
{
    private readonly string app = Path.Combine(Path.GetTempPath(), "triage-app-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Start_WithAFunctionOnAReservedRoute_FailsWithTheHostsMessage()
    {
        var built = HostProcess.HostOutput("Triage.Functions");
        Directory.CreateDirectory(app);
        foreach (var entry in Directory.EnumerateFileSystemEntries(built).Where(e => Path.GetFileName(e) != "functions.metadata"))
        {
            if (Directory.Exists(entry))
            {
                Directory.CreateSymbolicLink(Path.Combine(app, Path.GetFileName(entry)), entry);
            }
            else
            {
                File.CreateSymbolicLink(Path.Combine(app, Path.GetFileName(entry)), entry);
            }
        }

        var metadata = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(built, "functions.metadata")))!.AsArray();
        var health = metadata.Single(f => (string?)f!["name"] == RouteNames.Health)!;
        health["bindings"]!.AsArray().Single(b => (string?)b!["type"] == "httpTrigger")!["route"] = "administration/health";
        await File.WriteAllTextAsync(Path.Combine(app, "functions.metadata"), metadata.ToJsonString());

        await using var host = new FunctionsHostProcess(
            "--Durable:Backend=Memory", $"--FunctionsHost:AppDirectory={app}", $"--Storage:NamePrefix=st{Guid.NewGuid():N}"[..30],
            "--AzureWebJobsStorage=UseDevelopmentStorage=true", "--Logging:LogLevel:Default=Warning");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(TimeSpan.FromSeconds(90)));

        Assert.Contains(HostRouteRules.BuiltInRouteConflict, error.Message, StringComparison.Ordinal);
        Assert.Contains($"{RouteNames.Health} (GET administration/health)", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(app))
        {
            Directory.Delete(app, recursive: true);
        }
    }
}
