namespace Triage.Domain;

/// <summary>The estimate of the costed line items. <see cref="TotalEur"/> is the sum of the rounded
/// item totals; the range is the total widened by the rate card's fractions, rounded.</summary>
public sealed record Estimate(decimal TotalEur, decimal LowEur, decimal HighEur, IReadOnlyList<ItemEstimate> Items)
{
    /// <summary>The items as the funding matcher takes them.</summary>
    public IReadOnlyList<CostedItem> ToCostedItems() => [.. Items.Select(i => new CostedItem(i.Item, i.Area, i.TotalEur))];
}
