using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Triage.Application.Orchestration;

namespace Triage.Application.UseCases;

/// <summary>
/// Runs a stopped request's orchestration again, same instance id, same input, as the next
/// <see cref="TriageInput.Generation"/>: the new execution has its own decisions and tokens, so its
/// approvers act afresh (docs/decisions/0012). Only an instance that stopped without its outcome may be
/// restarted (Failed: the orchestrator itself broke; Terminated: an admin stopped it). A Completed one is
/// refused: the request has its outcome, and running it again would reserve, notify and decide a
/// request that is over. A running, pending or suspended one is refused too: two executions at once
/// would race for the same money and steps.
/// </summary>
public sealed class RestartInstance
{
    /// <summary>The states from which an instance may start its next execution.</summary>
    public static readonly OrchestrationRuntimeStatus[] Restartable =
        [OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    private readonly ILogger<RestartInstance> logger;

    public RestartInstance(ILogger<RestartInstance> logger)
    {
        this.logger = logger;
    }

    public async Task<CommandResult> RunAsync(string instanceId, string by, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return InstanceCommand.NotFound(instanceId);
        }

        if (instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed)
        {
            var outcome = instance.ReadOutputAs<TriageResult>()?.Outcome;
            return new CommandResult(
                CommandStatus.Conflict,
                "HAS_OUTCOME",
                $"The request has its outcome{(outcome is null ? "" : $" ({outcome})")}: a completed request is not run again.");
        }

        if (!Restartable.Contains(instance.RuntimeStatus))
        {
            return new CommandResult(CommandStatus.Conflict, "INSTANCE_STATE", $"The instance is {instance.RuntimeStatus}; a restart needs {string.Join(" or ", Restartable)}.");
        }

        if (instance.ReadInputAs<TriageInput>() is not { } input)
        {
            return new CommandResult(CommandStatus.Conflict, "INSTANCE_STATE", "The instance has no input to run again.");
        }

        var next = input with { Generation = input.Generation + 1, Revision = TriageInput.CurrentRevision };
        try
        {
            // Same id, next generation. An instance that is (again) running or has completed is never
            // replaced: two admins restarting at once start one execution, not two.
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(TriageOrchestration),
                next,
                OrchestrationStart.For(next).WithDedupeStatuses(
                    OrchestrationRuntimeStatus.Pending,
                    OrchestrationRuntimeStatus.Running,
                    OrchestrationRuntimeStatus.Suspended,
                    OrchestrationRuntimeStatus.Completed),
                cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            return new CommandResult(CommandStatus.Conflict, "INSTANCE_STATE", $"The engine refused: {ex.Message}");
        }

        logger.LogInformation("Orchestration {InstanceId} restarted by {By} as generation {Generation} (it was {RuntimeStatus})", instanceId, by, next.Generation, instance.RuntimeStatus);
        return CommandResult.Ok;
    }
}
