namespace Triage.Domain;

/// <summary>A costed line item to fund (whole euros).</summary>
public sealed record CostedItem(int Item, string Area, decimal AmountEur);

/// <summary>Part (or all) of one line item paid from one fund (whole euros).</summary>
public sealed record Allocation(int Item, string FundId, decimal AmountEur);

/// <summary>What no fund could cover of one line item.</summary>
public sealed record Shortfall(int Item, string Area, decimal AmountEur);

/// <summary>
/// A funding plan: allocations ordered by item then fund id, the shortfall per item that could not be
/// covered, whether every item is fully covered, and the total shortfall.
/// </summary>
public sealed record FundingPlan(
    IReadOnlyList<Allocation> Allocations,
    IReadOnlyList<Shortfall> Shortfalls,
    bool IsComplete,
    decimal ShortfallEur)
{
    /// <summary>Fund id → amount taken from it, ordered by fund id: what to reserve.</summary>
    public IReadOnlyDictionary<string, decimal> PerFund()
    {
        var result = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var a in Allocations)
        {
            result[a.FundId] = result.GetValueOrDefault(a.FundId) + a.AmountEur;
        }

        return result;
    }

    /// <summary>The total the plan pays.</summary>
    public decimal FundedEur() => Allocations.Sum(a => a.AmountEur);
}
