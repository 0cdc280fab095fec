namespace Triage.Domain;

/// <summary>One line item's cost with the parts a person can check by hand:
/// <c>TotalEur = round((SetupEur + ParticipantWeeksEur + TeamWeeksEur) × LocationFactor × (1 + RiskPremium) × (1 + Contingency))</c>.
/// Mirrors the wire contract <c>ItemEstimateView</c>.</summary>
public sealed record ItemEstimate(
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
