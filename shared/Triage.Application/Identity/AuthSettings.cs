using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace Triage.Application.Identity;

/// <summary>
/// How tokens are checked, read from the <c>Auth</c> section:
/// <list type="bullet">
/// <item><c>Auth:Authority</c>: an OpenID Connect authority (Entra ID); keys come from its metadata, RS256.</item>
/// <item><c>Auth:SigningKey</c>: a base64 key of at least 32 bytes, HS256 (development, tests, single servers).</item>
/// <item>neither: a development key generated once per machine and kept outside the repository
/// (see <see cref="DevelopmentKey"/>), unless running in Azure or <c>Auth:DevelopmentKey</c> is <c>false</c>.</item>
/// </list>
/// <c>Auth:Issuer</c> (default <c>triage-dev</c>; with an authority, the metadata's issuer unless set) and
/// <c>Auth:Audience</c> (default <c>triage-api</c>; several may be given, comma-separated).
/// </summary>
public sealed class AuthSettings
{
    public const string SectionName = "Auth";
    public const string DefaultIssuer = "triage-dev";
    public const string DefaultAudience = "triage-api";
    public const int MinimumKeyBytes = 32;

    public string? Issuer { get; init; }

    public IReadOnlyList<string> Audiences { get; init; } = [DefaultAudience];

    public string? Authority { get; init; }

    /// <summary>The HS256 key; null when tokens are checked against an authority or nothing is configured.</summary>
    public byte[]? SigningKey { get; init; }

    /// <summary>Where the key came from, for the start-up message: never the key itself.</summary>
    public string KeySource { get; init; } = "none";

    /// <summary>Why tokens cannot be validated at all, or null when they can.</summary>
    public string? ConfigurationError { get; init; }

    public string Audience => Audiences[0];

    public static AuthSettings FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var authority = Blank(section["Authority"]);
        var issuer = Blank(section["Issuer"]) ?? (authority is null ? DefaultIssuer : null);
        var audiences = (Blank(section["Audience"]) ?? DefaultAudience)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (audiences.Length == 0)
        {
            audiences = [DefaultAudience];
        }

        if (authority is not null)
        {
            // With an authority only its keys count: a configured or development HS256 key would let
            // anyone holding it mint tokens the production issuer never signed.
            if (!Uri.TryCreate(authority, UriKind.Absolute, out var authorityUri) || authorityUri.Scheme != Uri.UriSchemeHttps)
            {
                return new AuthSettings { Issuer = issuer, Audiences = audiences, ConfigurationError = "Auth:Authority must be an absolute https URL." };
            }

            return new AuthSettings { Issuer = issuer, Audiences = audiences, Authority = authority, KeySource = $"OpenID Connect metadata of {authority}" };
        }

        var configuredKey = Blank(section["SigningKey"]);
        if (configuredKey is not null)
        {
            byte[] key;
            try
            {
                key = Convert.FromBase64String(configuredKey);
            }
            catch (FormatException)
            {
                return new AuthSettings { Issuer = issuer, Audiences = audiences, ConfigurationError = "Auth:SigningKey is not valid base64." };
            }

            return key.Length < MinimumKeyBytes
                ? new AuthSettings { Issuer = issuer, Audiences = audiences, ConfigurationError = $"Auth:SigningKey must decode to at least {MinimumKeyBytes} bytes." }
                : new AuthSettings { Issuer = issuer, Audiences = audiences, SigningKey = key, KeySource = "Auth:SigningKey" };
        }

        if (!DevelopmentKey.IsAllowed(configuration, out var refusal))
        {
            return new AuthSettings { Issuer = issuer, Audiences = audiences, ConfigurationError = refusal };
        }

        var path = DevelopmentKey.PathFor(configuration);
        return new AuthSettings
        {
            Issuer = issuer,
            Audiences = audiences,
            SigningKey = DevelopmentKey.LoadOrCreate(path),
            KeySource = $"development key file {path}",
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

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
