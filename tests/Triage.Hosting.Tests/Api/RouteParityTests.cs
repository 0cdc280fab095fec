using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Triage.Api;

namespace Triage.Hosting.Tests.Api;

/// <summary>
/// The Azure Functions app and the self-host serve the same routes: every HTTP function in the
/// Functions app's generated functions.metadata has the same route and methods in the self-host and in
/// the route table, and the reverse. The metadata is built if missing or older than the sources.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RouteParityTests(ApiHostFixture api)
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public async Task FunctionsMetadata_SelfHost_RouteTable_HaveTheSameRoutes()
    {
        var functions = await FunctionsRoutesAsync();
        var selfHost = SelfHostRoutes();
        var table = ApiRoutes.All.Select(r => $"{r.Method} {r.Template}").Order(StringComparer.Ordinal).ToList();

        // Besides the table's routes, the Functions app has its catch-all (every method), as the self-host
        // has its fallback: both answer other paths with TriageApi.HandleUnmatchedAsync.
        Assert.Equal(table, functions.Where(f => f.Name != RouteNames.Unmatched).Select(f => f.Route).ToList());
        Assert.Equal($"* {RouteTemplates.Unmatched}", Assert.Single(functions, f => f.Name == RouteNames.Unmatched).Route);
        Assert.Equal(table, selfHost);
        Assert.All(functions, f => Assert.Equal("Anonymous", f.AuthLevel));
        Assert.All(functions.Where(f => f.Name != RouteNames.Unmatched), f => Assert.NotNull(ApiRoutes.Find(f.Name)));
    }

    [Fact]
    public void HostJson_RoutePrefix_IsTheApiPrefix()
    {
        var hostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "host.json")))!;
        Assert.Equal(RouteTemplates.Prefix, hostJson["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
    }

    private List<string> SelfHostRoutes()
    {
        var prefix = $"/{RouteTemplates.Prefix}/";
        return api.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith(prefix, StringComparison.Ordinal) == true && !e.RoutePattern.RawText.Contains("{**", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"])
                .Select(m => $"{m.ToUpperInvariant()} {e.RoutePattern.RawText![prefix.Length..]}"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static async Task<List<(string Name, string Route, string AuthLevel)>> FunctionsRoutesAsync()
    {
        var project = Path.Combine(RepoRoot(), "functions", "Triage.Functions");
        var metadata = Path.Combine(project, "bin", Configuration, "net10.0", "functions.metadata");
        var sources = Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Append(Path.Combine(RepoRoot(), "shared", "Triage.Api", "ApiRoutes.cs"));
        if (!File.Exists(metadata) || sources.Any(s => File.GetLastWriteTimeUtc(s) > File.GetLastWriteTimeUtc(metadata)))
        {
            await BuildAsync(project);
        }

        var routes = new List<(string, string, string)>();
        foreach (var function in JsonNode.Parse(await File.ReadAllTextAsync(metadata))!.AsArray())
        {
            foreach (var binding in function!["bindings"]!.AsArray().Where(b => b!["type"]!.GetValue<string>() == "httpTrigger"))
            {
                // No methods: every method.
                var methods = binding!["methods"] is JsonArray listed ? listed.Select(m => m!.GetValue<string>().ToUpperInvariant()) : ["*"];
                foreach (var method in methods)
                {
                    routes.Add((function["name"]!.GetValue<string>(), $"{method} {binding["route"]!.GetValue<string>()}", binding["authLevel"]!.GetValue<string>()));
                }
            }
        }

        return routes.OrderBy(r => r.Item2, StringComparer.Ordinal).ToList();
    }

    private static async Task BuildAsync(string project)
    {
        var start = new ProcessStartInfo("dotnet", ["build", project, "-c", Configuration, "-nologo", "-v", "q"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var build = Process.Start(start)!;
        var output = build.StandardOutput.ReadToEndAsync();
        var error = build.StandardError.ReadToEndAsync();
        await build.WaitForExitAsync();
        Assert.True(build.ExitCode == 0, $"Building the Functions app failed:\n{await output}\n{await error}");
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Triage.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Triage.sln not found above " + AppContext.BaseDirectory);
    }
}
