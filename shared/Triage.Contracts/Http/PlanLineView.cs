using Triage.Domain;

namespace Triage.Contracts;

public sealed record PlanLineView(string FundId, decimal AmountEur);
