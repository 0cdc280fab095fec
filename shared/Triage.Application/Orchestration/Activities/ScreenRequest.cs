using Triage.Application.Assessment;
using Triage.Domain;
using Triage.Storage;

namespace Triage.Application.Orchestration.Activities;

/// <summary>Eligibility of the request's items, against the partner's other open requests, on the current
/// reference data, whose version the request keeps for the rest of its run.</summary>
public sealed class ScreenRequest(ProgressRecorder progress, RequestAssessor assessor, ReferenceDataProvider reference) : TriageActivity<ScreenInput, ScreenOutput>
{
    public override async Task<ScreenOutput> RunAsync(ScreenInput input, CancellationToken cancellationToken)
    {
        await progress.RecordAsync(input.Progress, cancellationToken);
        var current = reference.Current;
        var result = await assessor.ScreenAsync(current.Data, input.Partner, AssessmentViews.ToLineItems(input.Items), input.RequestId, cancellationToken);
        return new ScreenOutput(
            AssessmentViews.ToView(result),
            result.EligibleItems,
            result.RequiresPoliticalReview,
            result.Result == EligibilityOutcome.Ineligible,
            current.Version);
    }
}
