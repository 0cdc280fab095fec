namespace Triage.Domain;

/// <summary>Finds a funding plan (see the remarks in the implementation).</summary>
public static class FundingMatcher
{
    /// <summary>Matches the costed items against the funds of <paramref name="data"/> with the given
    /// live balances. Funds without a balance entry have nothing available.</summary>
    public static FundingPlan Match(ReferenceData data, string partnerCode, IReadOnlyList<CostedItem> items, IReadOnlyList<FundBalance> balances)
    {
        ArgumentNullException.ThrowIfNull(data);
        throw new NotImplementedException();
    }
}
