using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace Triage.Application.Identity;

/// <summary>
/// The zero-configuration key for development. A fixed key written in the source would be known to
/// everyone who can read the repository, and a deployment that forgot its settings would then accept
/// forged tokens; so the key is random, made on first use, and kept in a file under the user's
/// profile (outside any repository, readable only by the user). The self-host and the <c>token</c>
/// command read the same file, so tokens minted on this machine work against hosts on this machine and
/// nowhere else. Never used with <c>Auth:Authority</c>, in Azure (<c>WEBSITE_SITE_NAME</c> set), or
/// when <c>Auth:DevelopmentKey=false</c>.
/// </summary>
public static class DevelopmentKey
{
    public const string FileSetting = "Auth:DevelopmentKeyFile";
    public const string EnabledSetting = "Auth:DevelopmentKey";

    public static string DefaultPath => Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
        "Triage",
        "dev-signing-key");

    public static string PathFor(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration[FileSetting]) ? DefaultPath : configuration[FileSetting]!;

    public static bool IsAllowed(IConfiguration configuration, out string refusal)
    {
        if (string.Equals(configuration[EnabledSetting], "false", StringComparison.OrdinalIgnoreCase))
        {
            refusal = "No Auth:Authority or Auth:SigningKey is configured and the development key is switched off (Auth:DevelopmentKey=false).";
            return false;
        }

        if (!string.IsNullOrEmpty(configuration["WEBSITE_SITE_NAME"]) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WEBSITE_SITE_NAME")))
        {
            refusal = "No Auth:Authority or Auth:SigningKey is configured; the development key is never used in Azure.";
            return false;
        }

        refusal = "";
        return true;
    }

    public static byte[] LoadOrCreate(string path)
    {
        if (TryRead(path, out var existing))
        {
            return existing;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var key = RandomNumberGenerator.GetBytes(32);
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            // Two processes starting at once (host and token command): the first file wins, both use it.
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException)
        {
            File.Delete(temp);
        }

        return TryRead(path, out var stored) ? stored : throw new InvalidOperationException($"Could not read the development key at {path}.");
    }

    private static bool TryRead(string path, out byte[] key)
    {
        key = [];
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            key = Convert.FromBase64String(File.ReadAllText(path).Trim());
            return key.Length >= AuthSettings.MinimumKeyBytes;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
