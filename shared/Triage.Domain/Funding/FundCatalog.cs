namespace Triage.Domain;

/// <summary>
/// The funds with their specificity, so matching does not recompute it per request.
/// Specificity of a fund = (number of non-suspended known partners it may pay for) × (number of known
/// areas it may pay for): the size of its eligibility set. Smaller is more specific; the preference order
/// is (specificity, fund id).
/// </summary>
internal sealed class FundCatalog
{
    private readonly IReadOnlyList<TrustFund> funds;
    private readonly IReadOnlyList<Partner> partners;
    private readonly IReadOnlyList<Area> areas;

    public FundCatalog(IReadOnlyList<TrustFund> funds, IReadOnlyList<Partner> partners, IReadOnlyList<Area> areas)
    {
        this.funds = funds;
        this.partners = partners;
        this.areas = areas;
        var areaIds = areas.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var open = partners.Where(p => p.Status != PartnerStatus.Suspended).ToList();
        Specificity = new long[funds.Count];
        for (var f = 0; f < funds.Count; f++)
        {
            var fund = funds[f];
            long partnerCount = open.Count(fund.MayPayFor);
            long areaCount = fund.Areas.Count(areaIds.Contains);
            Specificity[f] = partnerCount * areaCount;
        }

        // Preference order: most specific first, then fund id (ordinal) for determinism.
        var order = Enumerable.Range(0, funds.Count).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = Specificity[a].CompareTo(Specificity[b]);
            return c != 0 ? c : string.CompareOrdinal(funds[a].Id, funds[b].Id);
        });
        Rank = new int[funds.Count];
        for (var r = 0; r < order.Length; r++)
        {
            Rank[order[r]] = r;
        }

        InPreferenceOrder = order;
        IndexById = new Dictionary<string, int>(funds.Count, StringComparer.Ordinal);
        for (var f = 0; f < funds.Count; f++)
        {
            IndexById[funds[f].Id] = f;
        }
    }

    public IReadOnlyList<TrustFund> Funds => funds;

    /// <summary>Per fund (by index into <see cref="Funds"/>): partners × areas it may pay for.</summary>
    public long[] Specificity { get; }

    /// <summary>Per fund: its place in the preference order (0 = most preferred).</summary>
    public int[] Rank { get; }

    /// <summary>Fund indices, most preferred first.</summary>
    public int[] InPreferenceOrder { get; }

    public Dictionary<string, int> IndexById { get; }

    public bool IsFor(IReadOnlyList<TrustFund> f, IReadOnlyList<Partner> p, IReadOnlyList<Area> a) =>
        ReferenceEquals(f, funds) && ReferenceEquals(p, partners) && ReferenceEquals(a, areas);
}
