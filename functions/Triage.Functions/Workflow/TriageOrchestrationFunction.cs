using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Triage.Application.Orchestration;

namespace Triage.Functions.Workflow;

/// <summary>The orchestrator as an Azure Function: a thin wrapper over the shared orchestration (no
/// source generator is available, so the wrapper is written by hand; the name is the same nameof).</summary>
public static class TriageOrchestrationFunction
{
    [Function(nameof(TriageOrchestration))]
    public static Task<TriageResult> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<TriageInput>()
            ?? throw new InvalidOperationException($"{nameof(TriageOrchestration)} was started without an input.");
        return new TriageOrchestration().RunAsync(context, input);
    }
}
