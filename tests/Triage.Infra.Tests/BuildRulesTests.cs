using System.Xml.Linq;

namespace Triage.Infra.Tests;

/// <summary>
/// Warnings are errors (Directory.Build.props), except NuGet's audit warnings: an advisory published
/// after a commit must not break the build, the tests or `azd deploy` of that commit, yet stays visible.
/// </summary>
public sealed class BuildRulesTests
{
    private static readonly string[] AuditWarnings = ["NU1901", "NU1902", "NU1903", "NU1904"];

    [Fact]
    public void DirectoryBuildProps_KeepsNuGetAuditWarningsAsWarnings()
    {
        var properties = XDocument.Load(Repo.PathOf("Directory.Build.props")).Descendants("PropertyGroup")
            .Where(g => g.Attribute("Condition") is null)
            .SelectMany(g => g.Elements())
            .ToList();

        Assert.Contains(properties, p => p.Name == "TreatWarningsAsErrors" && p.Value == "true");
        var notAsErrors = Codes(properties.Where(p => p.Name == "WarningsNotAsErrors"));
        var silenced = Codes(properties.Where(p => p.Name == "NoWarn"));
        Assert.All(AuditWarnings, code => Assert.Contains(code, notAsErrors));
        Assert.All(AuditWarnings, code => Assert.DoesNotContain(code, silenced));
    }

    [Fact]
    public void TheDeployedProject_EvaluatesWithNuGetAuditWarningsNotAsErrors()
    {
        // What MSBuild makes of it for the project `azd deploy` publishes (no restore, no build).
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
        var result = Repo.Run(
            dotnet,
            ["msbuild", Repo.PathOf("functions", "Triage.Functions", "Triage.Functions.csproj"), "-getProperty:WarningsNotAsErrors", "-getProperty:NoWarn", "-getProperty:TreatWarningsAsErrors", "-nodeReuse:false"],
            Repo.Root,
            TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == 0, result.Output);

        var json = System.Text.Json.Nodes.JsonNode.Parse(result.StdOut)!["Properties"]!;
        Assert.Equal("true", (string)json["TreatWarningsAsErrors"]!, ignoreCase: true);
        var notAsErrors = Split((string)json["WarningsNotAsErrors"]!);
        var silenced = Split((string)json["NoWarn"]!);
        Assert.All(AuditWarnings, code => Assert.Contains(code, notAsErrors));
        Assert.All(AuditWarnings, code => Assert.DoesNotContain(code, silenced));
    }

    private static HashSet<string> Codes(IEnumerable<XElement> elements) => [.. elements.SelectMany(e => Split(e.Value))];

    private static IEnumerable<string> Split(string value) =>
        value.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(c => !c.StartsWith("$(", StringComparison.Ordinal));
}
