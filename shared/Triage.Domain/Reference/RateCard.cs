namespace Triage.Domain;

/// <summary>The rate card: per-area rates, a premium per risk level (a fraction, 0.30 = +30 %), the
/// contingency (a fraction) and the width of the low–high range around the estimate (fractions below
/// and above the total).</summary>
public sealed record RateCard(
    string Version,
    IReadOnlyList<AreaRate> Areas,
    IReadOnlyDictionary<string, decimal> RiskPremiums,
    decimal Contingency,
    decimal RangeBelow,
    decimal RangeAbove)
{
    public AreaRate? FindRate(string area) => Areas.FirstOrDefault(r => string.Equals(r.Area, area, StringComparison.Ordinal));
}
