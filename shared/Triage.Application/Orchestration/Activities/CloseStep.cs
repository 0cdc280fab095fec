using Triage.Storage;

namespace Triage.Application.Orchestration.Activities;

/// <summary>Closes a step of an execution for the workflow's own reason (deadline, withdrawal).
/// Insert-only, so when a person's decision got there first, that decision is returned and holds.</summary>
public sealed class CloseStep(DecisionStore decisions) : TriageActivity<CloseStepInput, StepDecision>
{
    public override async Task<StepDecision> RunAsync(CloseStepInput input, CancellationToken cancellationToken)
    {
        var (_, holding) = await decisions.TryDecideAsync(
            new StepDecision(input.RequestId, input.Step, input.Decision, "system", null, "workflow", input.At, input.Generation),
            cancellationToken);
        return holding;
    }
}
