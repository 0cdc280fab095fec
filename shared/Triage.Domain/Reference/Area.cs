namespace Triage.Domain;

/// <summary>An area NATO offers (kebab-case id) and the partner groups that may request it
/// (framework codes, <c>DCB</c>, <c>conditions-permit</c>; see <see cref="Partner.Groups"/>).</summary>
public sealed record Area(string Id, string Name, IReadOnlyList<string> OpenTo)
{
    public bool IsOpenTo(Partner partner)
    {
        ArgumentNullException.ThrowIfNull(partner);
        return partner.IsInAny(OpenTo);
    }
}
