using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Triage.Application.Identity;

/// <summary>What a development token should say.</summary>
public sealed record TokenRequest(
    string Subject,
    IReadOnlyList<string> Roles,
    string? Partner = null,
    IReadOnlyList<string>? Steps = null,
    string? Name = null,
    TimeSpan? Lifetime = null,
    DateTimeOffset? IssuedAt = null,
    string? Audience = null,
    string? Issuer = null);
