using Triage.Domain;

namespace Triage.Contracts;

public sealed record QuoteView(EligibilityView Eligibility, EstimateView? Estimate, FundingView Funding, bool FundableNow);
