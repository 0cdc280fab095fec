
namespace Triage.LoadDriver;

/// <summary>Where results and logs go: <c>artifacts/load/</c> under the repository (git-ignored).</summary>
internal static class Results
{
    public static string File(string name)
    {
        var directory = Path.Combine(RepositoryRoot.Find(), "artifacts", "load");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }
}
