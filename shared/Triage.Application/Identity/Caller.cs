namespace Triage.Application.Identity;

/// <summary>The role names (docs/architecture.md, "Users"), as they appear in the <c>roles</c> claim.</summary>
public static class TriageRoles
{
    public const string Partner = "partner";
    public const string Approver = "approver";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Partner, Approver, Admin];
}

/// <summary>The claim names a Triage token carries.</summary>
public static class TriageClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Roles = "roles";
    public const string Partner = "partner";
    public const string Steps = "steps";
}

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
