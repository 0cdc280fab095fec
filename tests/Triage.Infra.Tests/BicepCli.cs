using System.Text.Json.Nodes;

namespace Triage.Infra.Tests;

/// <summary>
/// The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package (restored by this project's
/// PackageDownload into the NuGet cache). BICEP_PATH overrides it, e.g. on a machine of another OS.
/// </summary>
internal static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string Path { get; } = Locate();

    public static IEnumerable<string> Templates() =>
        Directory.EnumerateFiles(Repo.Infra, "*.bicep", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(Repo.Infra, f))
            .Order(StringComparer.Ordinal);

    /// <summary>Compiles a template (relative to infra/) to ARM JSON; fails on any diagnostic.</summary>
    public static JsonObject Build(string template)
    {
        var result = Repo.Run(Path, ["build", template, "--stdout"], Repo.Infra, Timeout);
        AssertClean(result, "build", template);
        return JsonNode.Parse(result.StdOut)?.AsObject() ?? throw new InvalidOperationException("bicep build printed no JSON.");
    }

    /// <summary>Runs the linter (rules as configured in infra/bicepconfig.json); fails on any diagnostic.</summary>
    public static void Lint(string template)
    {
        var result = Repo.Run(Path, ["lint", template], Repo.Infra, Timeout);
        AssertClean(result, "lint", template);
    }

    // Bicep reports warnings on stderr and still exits 0: a clean run prints nothing there.
    private static void AssertClean(Repo.ProcessResult result, string verb, string template)
    {
        Assert.True(result.ExitCode == 0, $"bicep {verb} {template} failed:\n{result.Output}");
        Assert.True(result.StdErr.Trim().Length == 0, $"bicep {verb} {template} reported diagnostics:\n{result.StdErr}");
        if (verb == "lint")
        {
            Assert.True(result.StdOut.Trim().Length == 0, $"bicep lint {template} reported diagnostics:\n{result.StdOut}");
        }
    }

    private static string Locate()
    {
        var path = Environment.GetEnvironmentVariable("BICEP_PATH");
        if (string.IsNullOrEmpty(path))
        {
            path = Repo.Metadata("BicepPath");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The Bicep CLI is not at '{path}'. Restore tests/Triage.Infra.Tests (its PackageDownload fetches Azure.Bicep.CommandLine.linux-x64), or set BICEP_PATH.", path);
        }

        // NuGet extraction does not always keep the execute bit.
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if (!mode.HasFlag(UnixFileMode.UserExecute))
            {
                File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
            }
        }

        return path;
    }
}
