using Triage.Domain;

namespace Triage.Contracts;

/// <summary>One line item's cost, with the parts a person can check by hand.</summary>
public sealed record ItemEstimateView(
    int Item,
    string Area,
    int Participants,
    int Weeks,
    string Location,
    decimal SetupEur,
    decimal ParticipantWeeksEur,
    decimal TeamWeeksEur,
    decimal LocationFactor,
    decimal RiskPremium,
    decimal Contingency,
    decimal TotalEur);
