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

    /// <summary>Whether the key is this machine's development key (<see cref="DevelopmentKey"/>): only
    /// then may the self-host offer its development sign-in.</summary>
    public bool IsDevelopmentKey { get; init; }

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
            IsDevelopmentKey = true,
            KeySource = $"development key file {path}",
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
