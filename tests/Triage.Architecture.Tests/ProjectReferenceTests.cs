using System.Xml.Linq;
using Triage.Architecture.Tests.Infrastructure;

namespace Triage.Architecture.Tests;

/// <summary>
/// The csproj files themselves (read as XML), so a wrong reference fails before any code uses it.
/// </summary>
public class ProjectReferenceTests
{
    /// <summary>The one project each layer may reference: each layer stands on the one below.</summary>
    private static readonly Dictionary<string, string[]> MayReference = new(StringComparer.Ordinal)
    {
        [Layers.Domain] = [],
        [Layers.Contracts] = [Layers.Domain],
        [Layers.Storage] = [Layers.Contracts],
        [Layers.Application] = [Layers.Storage],
        [Layers.Api] = [Layers.Application],
    };

    /// <summary>A host (any project under functions/) may reference these: the layers it runs, and what
    /// the local hosts share (the engine, managed Azurite, the banner and token command).</summary>
    private static readonly string[] HostsMayReference = [Layers.Api, Layers.Application, Layers.HostCommon];

    [Fact]
    public void Project_references_follow_the_layers_Domain_Contracts_Storage_Application_Api_then_hosts()
    {
        var problems = new List<string>();
        foreach (var (project, csproj) in Layers.ProductProjects.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var isHost = csproj.StartsWith(Path.Combine(Layers.RepositoryRoot, "functions") + Path.DirectorySeparatorChar, StringComparison.Ordinal);
            if (!isHost && !MayReference.ContainsKey(project))
            {
                problems.Add($"{Relative(csproj)}: a project under shared/ that is in no layer; give it its place in {nameof(MayReference)} and in the dependency rules.");
                continue;
            }
            var allowed = isHost ? HostsMayReference : MayReference[project];
            foreach (var reference in ProjectReferences(csproj))
            {
                var name = Path.GetFileNameWithoutExtension(reference);
                if (!File.Exists(reference))
                {
                    problems.Add($"{Relative(csproj)} references {Relative(reference)}, which does not exist.");
                }
                else if (!allowed.Contains(name, StringComparer.Ordinal))
                {
                    var may = allowed.Length == 0 ? "no project" : string.Join(" or ", allowed);
                    problems.Add($"{project} references {name}; it may reference {may}.");
                }
            }
        }
        Assert.True(problems.Count == 0, "Architecture rule broken: project references follow the layers.\n  " + string.Join("\n  ", problems));
    }

    /// <summary>Package prefixes (by whole segments) and frameworks a layer's csproj must not reference.</summary>
    private static readonly Dictionary<string, string[]> ForbiddenPackages = new(StringComparer.Ordinal)
    {
        [Layers.Domain] = [""], // no package at all
        [Layers.Contracts] = ["Azure", "Microsoft.Azure", "Microsoft.DurableTask", "Microsoft.AspNetCore", "Microsoft.AspNetCore.App"],
        [Layers.Storage] = ["Microsoft.DurableTask", "Microsoft.Azure.DurableTask", "Microsoft.AspNetCore", "Microsoft.AspNetCore.App"],
        [Layers.Application] = ["Microsoft.AspNetCore", "Microsoft.AspNetCore.App"],
        [Layers.Api] = ["Azure.Data.Tables", "Azure.Storage.Queues"],
    };

    [Fact]
    public void Layer_projects_reference_no_package_or_framework_their_layer_may_not_use()
    {
        var problems = new List<string>();
        foreach (var (project, forbidden) in ForbiddenPackages)
        {
            var csproj = Layers.ProductProjects[project];
            var document = XDocument.Load(csproj);
            var references = document.Descendants()
                .Where(e => e.Name.LocalName is "PackageReference" or "FrameworkReference")
                .Select(e => (Kind: e.Name.LocalName, Name: (string?)e.Attribute("Include") ?? ""));
            foreach (var (kind, name) in references)
            {
                var rule = forbidden.FirstOrDefault(f => f.Length == 0 || TypeScan.IsUnder(name, f));
                if (rule is not null)
                {
                    problems.Add($"{project} has <{kind} Include=\"{name}\" />: {(rule.Length == 0 ? "it may reference no package" : $"it may use nothing of {rule}")}.");
                }
            }
        }
        Assert.True(problems.Count == 0, "Architecture rule broken: layers reference no package of a layer above them.\n  " + string.Join("\n  ", problems));
    }

    private static IEnumerable<string> ProjectReferences(string csproj)
    {
        var folder = Path.GetDirectoryName(csproj)!;
        // A reference with ReferenceOutputAssembly="false" only builds the other project first (the
        // Functions host harness runs the Functions app's output as a process); no code crosses it.
        return XDocument.Load(csproj).Descendants()
            .Where(e => e.Name.LocalName == "ProjectReference" && !string.Equals((string?)e.Attribute("ReferenceOutputAssembly"), "false", StringComparison.OrdinalIgnoreCase))
            .Select(e => (string?)e.Attribute("Include") ?? "")
            .Select(include => Path.GetFullPath(Path.Combine(folder, include.Replace('\\', Path.DirectorySeparatorChar))));
    }

    private static string Relative(string path) => Path.GetRelativePath(Layers.RepositoryRoot, path).Replace('\\', '/');
}
