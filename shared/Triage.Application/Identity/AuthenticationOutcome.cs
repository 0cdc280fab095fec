using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Triage.Application.Identity;

/// <summary>The result of checking a bearer token: a caller, or why there is none.</summary>
public sealed record AuthenticationOutcome(Caller? Caller, string? Error, string? ErrorDescription)
{
    public bool Succeeded => Caller is not null;

    public static AuthenticationOutcome Success(Caller caller) => new(caller, null, null);

    /// <summary>No credentials at all: RFC 6750 says the challenge then carries no error code.</summary>
    public static readonly AuthenticationOutcome Missing = new(null, null, "A bearer token is required.");

    public static AuthenticationOutcome Invalid(string description) => new(null, "invalid_token", description);
}
