using Triage.Domain;

namespace Triage.Contracts;

public sealed record DemandRow(string Area, string Partner, decimal RequestedEur, decimal FundedEur, decimal ShortfallEur);
