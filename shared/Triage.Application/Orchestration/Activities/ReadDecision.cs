using Triage.Storage;

namespace Triage.Application.Orchestration.Activities;

/// <summary>Reads back the decision recorded for a step of an execution (insert-only, so once there it
/// never changes), or null while it has none. The orchestration applies a decision event only when this
/// row says the same: an event raised by anyone else (the Durable HTTP API, the portal, a writer to the
/// task hub's queues) decides nothing.</summary>
public sealed class ReadDecision(DecisionStore decisions) : TriageActivity<ReadDecisionInput, StepDecision?>
{
    public override Task<StepDecision?> RunAsync(ReadDecisionInput input, CancellationToken cancellationToken) =>
        decisions.GetAsync(input.RequestId, input.Step, input.Generation, cancellationToken);
}
