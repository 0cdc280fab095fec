using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Triage.Application.Identity;
using Triage.Domain;

namespace Triage.LoadDriver;

/// <summary>
/// The bearer tokens the driver acts with: a partner's for submitting, an approver's (holding every
/// step) for the decisions it posts on the queue, an admin's for paying money into a fund first.
/// Minted with the key a host on this machine validates with, or given (a deployment's tokens come
/// from its identity provider). A given partner token fixes the partner every request is from.
/// </summary>
internal sealed class TokenSet
{
    // Longer than the longest soak.
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);
    private readonly Func<string, string> partner;

    private TokenSet(Func<string, string> partner, string approver, string? admin, string? onlyPartner)
    {
        this.partner = partner;
        Approver = approver;
        Admin = admin;
        OnlyPartner = onlyPartner;
    }

    public string Approver { get; }

    /// <summary>Null when no admin token was given: no money is paid in, the funds are the deployment's.</summary>
    public string? Admin { get; }

    /// <summary>The partner every request is from, when the partner token was given; null when minted.</summary>
    public string? OnlyPartner { get; }

    public string Partner(string code) => partner(code);

    public static TokenSet Mint(AuthSettings settings)
    {
        var partners = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        return new TokenSet(
            code => partners.GetOrAdd(code, c => DevTokens.Mint(settings, new TokenRequest($"load-partner-{c.ToLowerInvariant()}", [TriageRoles.Partner], c, Lifetime: Lifetime))),
            DevTokens.Mint(settings, new TokenRequest("load-approver", [TriageRoles.Approver], Steps: [ApprovalSteps.PoliticalReview, ApprovalSteps.DeskOfficer, ApprovalSteps.AsgP, ApprovalSteps.Dsg], Lifetime: Lifetime)),
            DevTokens.Mint(settings, new TokenRequest("load-driver", [TriageRoles.Admin], Lifetime: Lifetime)),
            onlyPartner: null);
    }

    /// <summary>With the development key of this machine, as the <c>token</c> command of the self-host mints.</summary>
    public static TokenSet MintForThisMachine() =>
        Mint(AuthSettings.FromConfiguration(new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build()));

    public static TokenSet Given(string token, string? approver, string? admin)
    {
        var code = new JsonWebToken(token).Claims.FirstOrDefault(c => c.Type == TriageClaims.Partner)?.Value
            ?? throw new ArgumentException("--token must be a partner's token (with a partner claim).");
        return new TokenSet(_ => token, approver ?? token, admin, code);
    }
}
