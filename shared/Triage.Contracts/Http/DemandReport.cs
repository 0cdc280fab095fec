using Triage.Domain;

namespace Triage.Contracts;

public sealed record DemandReport(IReadOnlyList<DemandRow> Rows, decimal RequestedEur, decimal FundedEur, decimal ShortfallEur);
