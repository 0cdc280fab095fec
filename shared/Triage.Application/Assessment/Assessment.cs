using Triage.Domain;

namespace Triage.Application.Assessment;

/// <summary>Screen → estimate → plan for one request; the estimate and plan are absent when nothing is eligible.</summary>
public sealed record Assessment(EligibilityResult Eligibility, Estimate? Estimate, FundingPlan? Plan);
