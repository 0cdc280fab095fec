namespace Triage.Application.Identity;

/// <summary>The role names (docs/architecture.md, "Users"), as they appear in the <c>roles</c> claim.</summary>
public static class TriageRoles
{
    public const string Partner = "partner";
    public const string Approver = "approver";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Partner, Approver, Admin];
}
