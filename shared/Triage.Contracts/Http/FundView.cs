using Triage.Domain;

namespace Triage.Contracts;

public sealed record FundView(
    string Id,
    string Name,
    IReadOnlyList<string> LeadNations,
    decimal CapacityEur,
    decimal ReservedEur,
    decimal CommittedEur,
    decimal AvailableEur);
