using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Triage.Application.Identity;

/// <summary>
/// Validates Triage bearer tokens the same way in every host: signature (HS256 with the configured or
/// development key, or the authority's published keys), issuer, audience, lifetime; unsigned tokens
/// (<c>alg: none</c>) are refused. Thread-safe; one per process.
/// </summary>
public sealed class TriageTokenValidator
{
    // Longest header we look at; a JWT of a few claims is well under 4 KiB.
    private const int MaxTokenLength = 16 * 1024;

    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false, MaximumTokenSizeInBytes = MaxTokenLength };
    private readonly TokenValidationParameters? parameters;
    private readonly ILogger? logger;

    public TriageTokenValidator(AuthSettings settings, ILogger<TriageTokenValidator>? logger = null)
    {
        Settings = settings;
        this.logger = logger;
        if (settings.ConfigurationError is not null)
        {
            logger?.LogError("Authentication is not configured, every token will be refused: {Reason}", settings.ConfigurationError);
            return;
        }

        var validation = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = settings.Issuer,
            ValidateAudience = true,
            ValidAudiences = settings.Audiences,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = TriageClaims.Name,
            RoleClaimType = TriageClaims.Roles,
        };

        if (settings.Authority is not null)
        {
            var metadata = $"{settings.Authority.TrimEnd('/')}/.well-known/openid-configuration";
            validation.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                metadata, new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever { RequireHttps = true });
            validation.ValidateIssuer = true;
            validation.ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.EcdsaSha256];
        }
        else
        {
            validation.IssuerSigningKey = new SymmetricSecurityKey(settings.SigningKey);
            validation.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }

        parameters = validation;
    }

    public AuthSettings Settings { get; }

    /// <summary>Checks the value of an <c>Authorization</c> header.</summary>
    public async Task<AuthenticationOutcome> ValidateHeaderAsync(string? authorization)
    {
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return AuthenticationOutcome.Missing;
        }

        const string scheme = "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticationOutcome.Invalid("Only bearer tokens are accepted.");
        }

        return await ValidateTokenAsync(authorization[scheme.Length..].Trim());
    }

    public async Task<AuthenticationOutcome> ValidateTokenAsync(string token)
    {
        if (parameters is null)
        {
            return AuthenticationOutcome.Invalid("Authentication is not configured on this server.");
        }

        if (token.Length == 0 || token.Length > MaxTokenLength)
        {
            return AuthenticationOutcome.Invalid("The token is empty or too long.");
        }

        TokenValidationResult result;
        try
        {
            result = await handler.ValidateTokenAsync(token, parameters);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenException or FormatException)
        {
            return AuthenticationOutcome.Invalid("The token is malformed.");
        }

        if (!result.IsValid)
        {
            logger?.LogDebug(result.Exception, "Token refused");
            return AuthenticationOutcome.Invalid(Describe(result.Exception));
        }

        var caller = ToCaller(result.ClaimsIdentity);
        return caller is null
            ? AuthenticationOutcome.Invalid("The token has no subject.")
            : AuthenticationOutcome.Success(caller);
    }

    /// <summary>Reads the Triage claims. <c>roles</c> and <c>steps</c> may be JSON arrays (one claim
    /// per element), repeated claims, or one space- or comma-separated string.</summary>
    public static Caller? ToCaller(ClaimsIdentity identity)
    {
        var subject = identity.FindFirst(TriageClaims.Subject)?.Value;
        if (string.IsNullOrWhiteSpace(subject))
        {
            return null;
        }

        var partner = identity.FindFirst(TriageClaims.Partner)?.Value?.Trim().ToUpperInvariant();
        if (partner is not null && (partner.Length != 3 || !partner.All(char.IsAsciiLetterUpper)))
        {
            // A malformed partner claim proves nothing; the caller is then no partner's agent.
            partner = null;
        }

        return new Caller(
            subject,
            identity.FindFirst(TriageClaims.Name)?.Value,
            Values(identity, TriageClaims.Roles, lowerCase: true),
            partner,
            Values(identity, TriageClaims.Steps, lowerCase: true));
    }

    private static HashSet<string> Values(ClaimsIdentity identity, string type, bool lowerCase) =>
        identity.FindAll(type)
            .SelectMany(c => c.Value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(v => lowerCase ? v.ToLowerInvariant() : v)
            .ToHashSet(StringComparer.Ordinal);

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "The token has expired.",
        SecurityTokenNotYetValidException => "The token is not valid yet.",
        SecurityTokenInvalidAudienceException => "The token is for another audience.",
        SecurityTokenInvalidIssuerException => "The token is from another issuer.",
        SecurityTokenNoExpirationException => "The token has no expiry.",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "The token's signature is not valid.",
        SecurityTokenInvalidAlgorithmException => "The token's signing algorithm is not accepted.",
        _ when exception?.Message.Contains("unsigned", StringComparison.OrdinalIgnoreCase) == true => "Unsigned tokens are not accepted.",
        _ => "The token is not valid.",
    };
}
