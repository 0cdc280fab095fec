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

            // extensions.json lists the host-side extensions the triggers need (Durable Task, Storage queues).
            var extensions = File.ReadAllText(Path.Combine(output, "extensions.json"));
            Assert.Contains("DurableTask", extensions);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
