namespace Triage.Application.Identity;

/// <summary>The claim names a Triage token carries.</summary>
public static class TriageClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Roles = "roles";
    public const string Partner = "partner";
    public const string Steps = "steps";
}
