namespace Triage.Application.Identity;

/// <summary>Who is calling, as proved by a validated token. The only identity the handlers trust.</summary>
public sealed record Caller(
    string Subject,
    string? Name,
    IReadOnlySet<string> Roles,
    string? Partner,
    IReadOnlySet<string> Steps)
{
    public bool IsPartner => Roles.Contains(TriageRoles.Partner);

    public bool IsApprover => Roles.Contains(TriageRoles.Approver);

    public bool IsAdmin => Roles.Contains(TriageRoles.Admin);

    public bool HasAnyRole(IEnumerable<string> roles) => roles.Any(Roles.Contains);

    /// <summary>An approver may decide only the steps the token says they hold.</summary>
    public bool HoldsStep(string step) => IsApprover && Steps.Contains(step);

    /// <summary>True when the caller may see every partner's requests (not limited to their own).</summary>
    public bool SeesAllPartners => IsAdmin || IsApprover;
}
