using Triage.Contracts;
using Triage.Domain;

namespace Triage.Application.Funds;

/// <summary>A request's reservation, or why there is none: <paramref name="Round"/> is the ledger round
/// that holds the plan (the one a commit commits); when nothing is reserved, the plan that came closest
/// and what it lacked.</summary>
public sealed record Reservation(bool Reserved, IReadOnlyList<PlanLineView> Plan, decimal ShortfallEur, IReadOnlyList<Shortfall> Shortfalls, int Round = 0)
{
    public static readonly Reservation None = new(false, [], 0, []);

    public FundingView ToView() => new(Plan, ShortfallEur);
}
