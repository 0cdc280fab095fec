using Triage.Application.Assessment;
using Triage.Storage;

namespace Triage.Application.Orchestration.Activities;

/// <summary>The estimate of the eligible items, the approval steps the policy asks for at that amount,
/// and how long the request may wait for funds, on the reference data version the request was screened with.</summary>
public sealed class EstimateCost(ProgressRecorder progress, ReferenceDataProvider reference) : TriageActivity<EstimateInput, EstimateOutput>
{
    public override async Task<EstimateOutput> RunAsync(EstimateInput input, CancellationToken cancellationToken)
    {
        await progress.RecordAsync(input.Progress, cancellationToken);
        var data = await reference.ForRequestAsync(input.ReferenceVersion, cancellationToken);
        var policy = data.Policy;
        var estimate = RequestAssessor.Estimate(data, input.Partner, AssessmentViews.ToLineItems(input.Items), input.EligibleItems);
        var steps = policy.StepsFor(estimate.TotalEur, input.PoliticalReview)
            .Select(s => new StepPlan(s.Step, s.Deadline, s.Reminder, s.Deputies))
            .ToList();
        return new EstimateOutput(
            AssessmentViews.ToView(estimate),
            estimate.ToCostedItems(),
            steps,
            policy.FundsWaitLimit);
    }
}
