using Triage.Application.Assessment;
using Triage.Domain;

namespace Triage.Application.Orchestration.Activities;

/// <summary>Eligibility of the request's items, against the partner's other open requests.</summary>
public sealed class ScreenRequest(ProgressRecorder progress, RequestAssessor assessor) : TriageActivity<ScreenInput, ScreenOutput>
{
    public override async Task<ScreenOutput> RunAsync(ScreenInput input, CancellationToken cancellationToken)
    {
        await progress.RecordAsync(input.Progress, cancellationToken);
        var result = await assessor.ScreenAsync(input.Partner, AssessmentViews.ToLineItems(input.Items), input.RequestId, cancellationToken);
        return new ScreenOutput(
            AssessmentViews.ToView(result),
            result.EligibleItems,
            result.RequiresPoliticalReview,
            result.Result == EligibilityOutcome.Ineligible);
    }
}
