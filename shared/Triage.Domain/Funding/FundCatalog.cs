using System.Collections.Concurrent;

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
    private readonly ConcurrentDictionary<Partner, int[]> byPartner = new();

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
        AreaIndex = new Dictionary<string, int>(areas.Count, StringComparer.Ordinal);
        for (var a = 0; a < areas.Count; a++)
        {
            AreaIndex.TryAdd(areas[a].Id, a);
        }

        SupportsMasks = AreaIndex.Count <= 64;
        AreaMasks = new ulong[funds.Count];
        if (SupportsMasks)
        {
            for (var f = 0; f < funds.Count; f++)
            {
                foreach (var area in funds[f].Areas)
                {
                    if (AreaIndex.TryGetValue(area, out var bit))
                    {
                        AreaMasks[f] |= 1UL << bit;
                    }
                }
            }
        }

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

    /// <summary>Known area id → its bit in <see cref="AreaMasks"/>.</summary>
    public Dictionary<string, int> AreaIndex { get; }

    /// <summary>True when there are at most 64 areas, so a fund's areas fit in one bit mask.</summary>
    public bool SupportsMasks { get; }

    /// <summary>Per fund: the known areas it may pay for, one bit per area of <see cref="AreaIndex"/>.</summary>
    public ulong[] AreaMasks { get; }

    /// <summary>The funds that may pay for this partner at all, most preferred first (cached per partner).</summary>
    public int[] FundsFor(Partner partner) =>
        byPartner.GetOrAdd(partner, static (p, self) =>
            [.. self.InPreferenceOrder.Where(f => self.funds[f].MayPayFor(p))], this);

    public bool IsFor(IReadOnlyList<TrustFund> f, IReadOnlyList<Partner> p, IReadOnlyList<Area> a) =>
        ReferenceEquals(f, funds) && ReferenceEquals(p, partners) && ReferenceEquals(a, areas);
}
