using Triage.Domain;

namespace Triage.Contracts;

public sealed record ContributionInput(decimal AmountEur, string Contributor, string? Note);
