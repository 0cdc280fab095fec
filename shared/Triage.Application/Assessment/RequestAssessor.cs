using Triage.Domain;
using Triage.Storage;

namespace Triage.Application.Assessment;

/// <summary>
/// The three steps a request goes through before any money moves — screen, estimate, plan — run
/// against live data: the current reference data, the partner's open requests and the funds' balances.
/// The quote runs all three and writes nothing; the workflow's activities run them one at a time.
/// </summary>
public sealed class RequestAssessor
{
    private readonly RequestStore requests;
    private readonly FundLedgerStore ledger;
    private readonly ReferenceDataProvider reference;

    public RequestAssessor(RequestStore requests, FundLedgerStore ledger, ReferenceDataProvider reference)
    {
        this.requests = requests;
        this.ledger = ledger;
        this.reference = reference;
    }

    /// <summary>Eligibility against the partner's other open requests (<paramref name="requestId"/>,
    /// when the request is stored already, is not a duplicate of itself).</summary>
    public Task<EligibilityResult> ScreenAsync(string partner, IReadOnlyList<LineItem> items, string? requestId, CancellationToken cancellationToken) =>
        ScreenAsync(reference.Data, partner, items, requestId, cancellationToken);

    /// <summary>As above, on the given reference data.</summary>
    public async Task<EligibilityResult> ScreenAsync(ReferenceData data, string partner, IReadOnlyList<LineItem> items, string? requestId, CancellationToken cancellationToken)
    {
        var open = await requests.OpenAreasAsync(partner, requestId, cancellationToken);
        return Eligibility.Screen(data, partner, items, open);
    }

    public Estimate Estimate(string partner, IReadOnlyList<LineItem> items, IReadOnlyList<int> eligibleItems) =>
        Estimate(reference.Data, partner, items, eligibleItems);

    public static Estimate Estimate(ReferenceData data, string partner, IReadOnlyList<LineItem> items, IReadOnlyList<int> eligibleItems) =>
        CostEstimator.Estimate(data, partner, items, eligibleItems);

    /// <summary>A plan against the funds' live balances, reserving nothing.</summary>
    public async Task<FundingPlan> PlanAsync(string partner, IReadOnlyList<CostedItem> items, CancellationToken cancellationToken) =>
        Plan(partner, items, await BalancesAsync(cancellationToken));

    /// <summary>The ids of the reference data's funds.</summary>
    public IReadOnlyList<string> FundIds => [.. reference.Data.Funds.Select(f => f.Id)];

    /// <summary>The live balances of the reference data's funds (a point read each).</summary>
    public Task<IReadOnlyList<FundBalanceRow>> BalancesAsync(CancellationToken cancellationToken) =>
        ledger.BalancesAsync(FundIds, cancellationToken);

    /// <summary>A plan against balances already read (money already promised elsewhere is not offered).</summary>
    public FundingPlan Plan(string partner, IReadOnlyList<CostedItem> items, IEnumerable<FundBalanceRow> balances) =>
        Plan(null, partner, items, balances);

    /// <summary>A plan on <paramref name="data"/> (a request's reference data version; null: the current
    /// one). A fund closed in the current version offers nothing, whatever the request's version says:
    /// closing a fund stops every new reservation from it at once.</summary>
    public FundingPlan Plan(ReferenceData? data, string partner, IReadOnlyList<CostedItem> items, IEnumerable<FundBalanceRow> balances)
    {
        var current = reference.Data;
        return FundingMatcher.Match(data ?? current, partner, items, [.. balances
            .Where(b => !current.IsClosed(b.FundId) && (data is null || !data.IsClosed(b.FundId)))
            .Select(b => new FundBalance(b.FundId, Math.Max(0, b.AvailableEur)))]);
    }

    /// <summary>All three for a request not submitted yet (a quote): no estimate when nothing is eligible.</summary>
    public async Task<Assessment> AssessAsync(string partner, IReadOnlyList<LineItem> items, CancellationToken cancellationToken)
    {
        var screen = await ScreenAsync(partner, items, null, cancellationToken);
        if (screen.Result == EligibilityOutcome.Ineligible)
        {
            return new Assessment(screen, null, null);
        }

        var estimate = Estimate(partner, items, screen.EligibleItems);
        return new Assessment(screen, estimate, await PlanAsync(partner, estimate.ToCostedItems(), cancellationToken));
    }
}
