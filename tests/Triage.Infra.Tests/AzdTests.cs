using System.Text.Json.Nodes;

namespace Triage.Infra.Tests;

/// <summary>`azd up` reads azure.yaml, then infra/main.bicep with infra/main.parameters.json.</summary>
public sealed class AzdTests(TemplateFixture fixture) : IClassFixture<TemplateFixture>
{
    [Fact]
    public void AzureYaml_DeploysTheFunctionsProject_AsAFunctionService_FromInfraMain()
    {
        var lines = File.ReadAllLines(Repo.PathOf("azure.yaml")).Select(l => l.Trim()).ToList();

        Assert.Contains("provider: bicep", lines);
        Assert.Contains("path: infra", lines);
        Assert.Contains("module: main", lines);
        Assert.Contains("api:", lines);
        Assert.Contains("host: function", lines);
        Assert.Contains("language: dotnet", lines);

        var project = lines.Single(l => l.StartsWith("project:", StringComparison.Ordinal))["project:".Length..].Trim();
        Assert.True(File.Exists(Path.Combine(Repo.Root, project, "Triage.Functions.csproj")), $"azure.yaml points at '{project}', which has no Triage.Functions.csproj.");
    }

    [Fact]
    public void AzureYaml_ServiceName_MatchesTheTagOnTheFunctionApp()
    {
        var site = Arm.Single(fixture.Main, "Microsoft.Web/sites");
        Assert.Contains("'azd-service-name', 'api'", Arm.Text(site.Node["tags"]!));
    }

    [Fact]
    public void Parameters_CoverEveryRequiredParameter_AndNameOnlyRealOnes()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Infra, "main.parameters.json")))!;
        var given = file["parameters"]!.AsObject().Select(kv => kv.Key).ToHashSet();
        var declared = fixture.Main["parameters"]!.AsObject();

        Assert.DoesNotContain(given, name => !declared.ContainsKey(name));
        var required = declared.Where(kv => kv.Value!["defaultValue"] is null).Select(kv => kv.Key);
        Assert.DoesNotContain(required, name => !given.Contains(name));
        Assert.Equal("${AZURE_ENV_NAME}", (string)file["parameters"]!["environmentName"]!["value"]!);
        Assert.Equal("${AZURE_LOCATION}", (string)file["parameters"]!["location"]!["value"]!);
    }
}
