using System.Text.Json.Serialization;

namespace Triage.Domain;

/// <summary>A partner country. <paramref name="Framework"/> is <c>PFP</c>, <c>MD</c>, <c>ICI</c>,
/// <c>PAG</c> or null for a non-framework requester; <paramref name="Risk"/> names a risk level of the
/// rate card (<c>low</c>, <c>medium</c>, <c>high</c>).</summary>
public sealed record Partner(
    string Code,
    string Name,
    string? Framework,
    bool Dcb,
    int? DcbSince,
    PartnerStatus Status,
    string Risk)
{
    /// <summary>The group that stands for DCB package members in <see cref="Area.OpenTo"/> and fund eligibility.</summary>
    public const string DcbGroup = "DCB";

    /// <summary>The group that stands for "when conditions permit" partners.</summary>
    public const string ConditionsPermitGroup = "conditions-permit";

    /// <summary>The groups this partner belongs to, as areas and funds name them: its framework, <c>DCB</c>
    /// for DCB package members, <c>conditions-permit</c> for non-framework partners NATO works with.</summary>
    public IReadOnlyList<string> Groups()
    {
        var groups = new List<string>(3);
        if (Framework is not null)
        {
            groups.Add(Framework);
        }

        if (Dcb)
        {
            groups.Add(DcbGroup);
        }

        if (Status == PartnerStatus.ConditionsPermit)
        {
            groups.Add(ConditionsPermitGroup);
        }

        return groups;
    }

    /// <summary>True when any of this partner's groups is in <paramref name="groups"/>.</summary>
    public bool IsInAny(IReadOnlyCollection<string> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        return (Framework is not null && groups.Contains(Framework))
            || (Dcb && groups.Contains(DcbGroup))
            || (Status == PartnerStatus.ConditionsPermit && groups.Contains(ConditionsPermitGroup));
    }
}
