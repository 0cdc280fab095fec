using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Triage.Application.Identity;

/// <summary>
/// Mints HS256 tokens with the host's own key: the <c>token</c> command of the self-host and the tests
/// use it. It cannot mint for an authority (Entra ID signs those).
/// </summary>
public static class DevTokens
{
    public static string Mint(AuthSettings settings, TokenRequest request)
    {
        if (settings.SigningKey is null)
        {
            throw new InvalidOperationException(settings.Authority is not null
                ? $"Tokens come from {settings.Authority} here; this server cannot mint them."
                : settings.ConfigurationError ?? "No signing key is configured.");
        }

        return Mint(settings.SigningKey, settings.Issuer ?? AuthSettings.DefaultIssuer, settings.Audience, request);
    }

    public static string Mint(byte[] key, string issuer, string audience, TokenRequest request)
    {
        var issuedAt = (request.IssuedAt ?? DateTimeOffset.UtcNow).UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            [TriageClaims.Subject] = request.Subject,
            [TriageClaims.Roles] = request.Roles.ToArray(),
        };
        if (request.Name is not null)
        {
            claims[TriageClaims.Name] = request.Name;
        }

        if (request.Partner is not null)
        {
            claims[TriageClaims.Partner] = request.Partner;
        }

        if (request.Steps is { Count: > 0 })
        {
            claims[TriageClaims.Steps] = request.Steps.ToArray();
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = request.Issuer ?? issuer,
            Audience = request.Audience ?? audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + (request.Lifetime ?? TimeSpan.FromHours(8)),
            Claims = claims,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
