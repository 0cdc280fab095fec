namespace Triage.HostCommon.Storage;

/// <summary>Finds the repository root (the folder with <c>Triage.sln</c> and <c>package.json</c>) from
/// the current directory or the running assembly's folder, so `dotnet run` and test runs agree.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Triage.sln")) && File.Exists(Path.Combine(dir.FullName, "package.json")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (Triage.sln + package.json) above the current directory or the application folder.");
    }
}
