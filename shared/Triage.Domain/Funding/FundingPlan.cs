namespace Triage.Domain;

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
