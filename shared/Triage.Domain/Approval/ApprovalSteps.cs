using System.Text.Json.Serialization;

namespace Triage.Domain;

/// <summary>Well-known approval step names.</summary>
public static class ApprovalSteps
{
    public const string PoliticalReview = "political-review";
    public const string DeskOfficer = "desk-officer";
    public const string AsgP = "asg-p";
    public const string Dsg = "dsg";
}
