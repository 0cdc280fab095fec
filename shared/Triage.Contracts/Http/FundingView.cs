using Triage.Domain;

namespace Triage.Contracts;

public sealed record FundingView(IReadOnlyList<PlanLineView> Plan, decimal ShortfallEur);
