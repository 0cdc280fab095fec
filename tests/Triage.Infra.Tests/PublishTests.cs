using System.Text.Json.Nodes;

namespace Triage.Infra.Tests;

/// <summary>What `azd deploy` ships: `dotnet publish` of the Functions app, as Azure loads it.</summary>
public sealed class PublishTests
{
    [Fact]
    [Trait("Category", "Publish")]
    public void Publish_ContainsHostJsonMetadataExtensionsAndTheWorker()
    {
        var output = Directory.CreateTempSubdirectory("triage-publish-").FullName;
        try
        {
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
            var result = Repo.Run(
                dotnet,
                ["publish", Repo.PathOf("functions", "Triage.Functions"), "-c", "Release", "-o", output, "-nodeReuse:false", "-v:minimal"],
                Repo.Root,
                TimeSpan.FromMinutes(8));
            Assert.True(result.ExitCode == 0, $"dotnet publish failed:\n{result.Output}");

            foreach (var file in new[] { "host.json", "functions.metadata", "extensions.json", "Triage.Functions.dll", "worker.config.json" })
            {
                Assert.True(File.Exists(Path.Combine(output, file)), $"{file} is missing from the publish output.");
            }

            // The published host.json is the repository's one, not a stale copy.
            Assert.Equal(File.ReadAllText(Repo.PathOf("host.json")), File.ReadAllText(Path.Combine(output, "host.json")));
            Assert.False(File.Exists(Path.Combine(output, "local.settings.json")), "local.settings.json must never be deployed.");

            // extensions.json lists the host-side extensions for the bindings the functions use: a
            // Durable or queue trigger without its extension would never fire in Azure.
            var extensions = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "extensions.json")))!["extensions"]!.AsArray();
            Assert.NotEmpty(extensions);
            var extensionTypes = string.Join('\n', extensions.Select(e => (string?)e!["typeName"]));
            var bindingTypes = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "functions.metadata")))!.AsArray()
                .SelectMany(f => f!["bindings"]!.AsArray().Select(b => (string)b!["type"]!))
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            Assert.Contains("httpTrigger", bindingTypes);
            if (bindingTypes.Overlaps(["orchestrationTrigger", "activityTrigger", "durableClient", "entityTrigger"]))
            {
                Assert.Contains("DurableTask", extensionTypes);
            }

            if (bindingTypes.Overlaps(["queueTrigger", "queue"]))
            {
                Assert.Contains("Storage", extensionTypes);
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
