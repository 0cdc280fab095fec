using System.Reflection;

namespace Triage.Architecture.Tests.Infrastructure;

/// <summary>
/// The projects under test: their built assemblies (referenced by this project, so they are built
/// and copied next to it) and their csproj files in the repository.
/// </summary>
internal static class Layers
{
    public const string Domain = "Triage.Domain";
    public const string Contracts = "Triage.Contracts";
    public const string Storage = "Triage.Storage";
    public const string Application = "Triage.Application";
    public const string Api = "Triage.Api";
    public const string Functions = "Triage.Functions";
    public const string LocalHost = "Triage.LocalHost";
    public const string HostCommon = "Triage.HostCommon";

    /// <summary>The assembly of a project (assembly name = project name = root namespace).</summary>
    public static Assembly Assembly(string project) => System.Reflection.Assembly.Load(new AssemblyName(project));

    /// <summary>The repository root: the folder above this test's output that holds Triage.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>
    /// Every product project: the csproj files under shared/ and functions/, by project name. A new
    /// project there is covered by the "no other Triage project" rules without editing this file.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ProductProjects { get; } = FindProductProjects();

    /// <summary>Every product project's name (and root namespace) except the ones given.</summary>
    public static IReadOnlyList<string> TriageProjectsExcept(params string[] allowed) =>
        ProductProjects.Keys.Except(allowed, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Triage.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Triage.sln above {AppContext.BaseDirectory}.");
    }

    private static Dictionary<string, string> FindProductProjects()
    {
        var projects = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in new[] { "shared", "functions" })
        {
            foreach (var csproj in Directory.EnumerateFiles(Path.Combine(RepositoryRoot, folder), "*.csproj", SearchOption.AllDirectories))
            {
                if (csproj.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    || csproj.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                {
                    continue; // generated projects (the Functions SDK writes one under obj/)
                }
                projects[Path.GetFileNameWithoutExtension(csproj)] = csproj;
            }
        }
        return projects;
    }
}
