namespace Triage.Domain;

/// <summary>
/// A trust fund (or the common-funded budget line) and what it may pay for.
/// A fund may pay for a line item when the partner is not suspended, the partner is listed in
/// <paramref name="Partners"/> or belongs to one of <paramref name="Groups"/> (an empty list does not
/// restrict; at least one of the two is non-empty), and the item's area is in <paramref name="Areas"/>.
/// </summary>
/// <param name="CapacityEur">Whole euros pledged to the fund; the live balance lives in storage.</param>
/// <param name="Note">Where the figures come from, and whether they are invented for the demo.</param>
public sealed record TrustFund(
    string Id,
    string Name,
    IReadOnlyList<string> LeadNations,
    IReadOnlyList<string> Partners,
    IReadOnlyList<string> Groups,
    IReadOnlyList<string> Areas,
    decimal CapacityEur,
    string Note)
{
    /// <summary>Closed to new reservations (<c>"closed": true</c>): it pays for nothing planned from now
    /// on; what it holds already settles as usual.</summary>
    public bool Closed { get; init; }

    public bool MayPayFor(Partner partner)
    {
        ArgumentNullException.ThrowIfNull(partner);
        if (partner.Status == PartnerStatus.Suspended)
        {
            return false;
        }

        var listed = Partners.Count > 0 && Partners.Contains(partner.Code, StringComparer.OrdinalIgnoreCase);
        var inGroup = Groups.Count > 0 && partner.IsInAny(Groups);
        return listed || inGroup;
    }

    public bool MayPayFor(Partner partner, string area) =>
        MayPayFor(partner) && Areas.Contains(area, StringComparer.Ordinal);
}
