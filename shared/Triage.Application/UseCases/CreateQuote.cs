using Triage.Application.Assessment;
using Triage.Contracts;

namespace Triage.Application.UseCases;

/// <summary>Eligibility, estimate and whether funds could cover it now, for a request not submitted.
/// Writes nothing and reserves nothing.</summary>
public sealed class CreateQuote
{
    private readonly RequestAssessor assessor;

    public CreateQuote(RequestAssessor assessor)
    {
        this.assessor = assessor;
    }

    public async Task<QuoteView> RunAsync(string partner, SubmitRequestInput input, CancellationToken cancellationToken)
    {
        var (screen, estimate, plan) = await assessor.AssessAsync(partner, AssessmentViews.ToLineItems(input.Items), cancellationToken);
        var eligibility = AssessmentViews.ToView(screen);
        if (estimate is null || plan is null)
        {
            return new QuoteView(eligibility, null, new FundingView([], 0), false);
        }

        return new QuoteView(eligibility, AssessmentViews.ToView(estimate), AssessmentViews.ToView(plan), plan.IsComplete);
    }
}
