using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Triage.Application.Identity;

namespace Triage.Api;

/// <summary>
/// Bearer authentication for both hosts: the Functions worker middleware calls it before a trigger
/// runs, and <see cref="TriageApi"/> calls it again (answered from the request's items) so a host that
/// forgot the middleware still refuses anonymous callers.
/// </summary>
public static class ApiAuthentication
{
    private static readonly object OutcomeKey = new();
    private static readonly ConditionalWeakTable<IConfiguration, TriageTokenValidator> FallbackValidators = [];

    public static async Task<AuthenticationOutcome> AuthenticateAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(OutcomeKey, out var cached) && cached is AuthenticationOutcome known)
        {
            return known;
        }

        var outcome = await ValidatorFor(context.RequestServices).ValidateHeaderAsync(context.Request.Headers.Authorization.ToString());
        context.Items[OutcomeKey] = outcome;
        if (outcome.Caller is { } caller)
        {
            context.User = ToPrincipal(caller);
        }

        return outcome;
    }

    /// <summary>
    /// The Functions worker middleware's check, before a trigger runs: for a non-anonymous API route,
    /// a valid token or a 401 written here. True when the invocation may go on (also for functions that
    /// are not API routes, such as queue triggers and orchestrations).
    /// </summary>
    public static async Task<bool> AdmitAsync(string functionName, HttpContext? http)
    {
        if (http is null || ApiRoutes.Find(functionName) is not { IsAnonymous: false })
        {
            return true;
        }

        var outcome = await AuthenticateAsync(http);
        if (outcome.Succeeded)
        {
            return true;
        }

        await WriteChallengeAsync(http, outcome);
        return false;
    }

    /// <summary>The 401 answer: a problem body and an RFC 6750 challenge.</summary>
    public static IResult Challenge(AuthenticationOutcome outcome)
    {
        var challenge = outcome.Error is null
            ? $"Bearer realm=\"{AuthSettings.DefaultAudience}\""
            : $"Bearer realm=\"{AuthSettings.DefaultAudience}\", error=\"{outcome.Error}\", error_description=\"{outcome.ErrorDescription}\"";
        var body = new ProblemBody(Problems.UnauthenticatedType, "A valid bearer token is required.", StatusCodes.Status401Unauthorized, outcome.ErrorDescription);
        return new JsonResponse<ProblemBody>(StatusCodes.Status401Unauthorized, body, ApiJsonContext.Default.ProblemBody, Problems.ContentType)
        {
            Headers = new Dictionary<string, string> { ["WWW-Authenticate"] = challenge },
        };
    }

    public static async Task WriteChallengeAsync(HttpContext context, AuthenticationOutcome outcome)
    {
        context.Response.Headers.CacheControl = "no-store";
        await Challenge(outcome).ExecuteAsync(context);
    }

    /// <summary>The registered validator, or one made from configuration when a host did not call
    /// <see cref="ApiSetup.AddTriageApi"/> (one per configuration object, so the key is read once).</summary>
    public static TriageTokenValidator ValidatorFor(IServiceProvider services)
    {
        var registered = services.GetService<TriageTokenValidator>();
        if (registered is not null)
        {
            return registered;
        }

        var configuration = services.GetRequiredService<IConfiguration>();
        return FallbackValidators.GetValue(configuration, c => new TriageTokenValidator(
            AuthSettings.FromConfiguration(c),
            services.GetService<ILogger<TriageTokenValidator>>()));
    }

    private static ClaimsPrincipal ToPrincipal(Caller caller)
    {
        var claims = new List<Claim> { new(TriageClaims.Subject, caller.Subject) };
        if (caller.Name is not null)
        {
            claims.Add(new Claim(TriageClaims.Name, caller.Name));
        }

        if (caller.Partner is not null)
        {
            claims.Add(new Claim(TriageClaims.Partner, caller.Partner));
        }

        claims.AddRange(caller.Roles.Select(r => new Claim(TriageClaims.Roles, r)));
        claims.AddRange(caller.Steps.Select(s => new Claim(TriageClaims.Steps, s)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "Bearer", TriageClaims.Name, TriageClaims.Roles));
    }
}
