using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Triage.Application.UseCases;

/// <summary>
/// What the admin operations on orchestration instances share (instance id = request id): each checks
/// the instance's runtime status first and refuses (409) an operation that makes no sense in it,
/// rather than relying on backend-specific behaviour; an unknown instance is not found. What was done,
/// and by whom, is logged.
/// </summary>
internal static class InstanceCommand
{
    public static readonly OrchestrationRuntimeStatus[] Finished =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    public static readonly OrchestrationRuntimeStatus[] Active =
        [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended];

    /// <summary>Runs <paramref name="operation"/> when the instance exists and is in one of the
    /// <paramref name="allowed"/> states; the engine refusing it is a conflict too.</summary>
    public static async Task<CommandResult> RunAsync(
        DurableTaskClient client,
        string instanceId,
        OrchestrationRuntimeStatus[] allowed,
        Func<CancellationToken, Task> operation,
        (ILogger Logger, string Operation, string By) audit,
        CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (instance is null)
        {
            return NotFound(instanceId);
        }

        if (!allowed.Contains(instance.RuntimeStatus))
        {
            return new CommandResult(CommandStatus.Conflict, "INSTANCE_STATE", $"The instance is {instance.RuntimeStatus}; this needs {string.Join(" or ", allowed)}.");
        }

        try
        {
            await operation(cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            return new CommandResult(CommandStatus.Conflict, "INSTANCE_STATE", $"The engine refused: {ex.Message}");
        }

        audit.Logger.LogInformation("Orchestration {InstanceId} {Operation} by {By} (it was {RuntimeStatus})", instanceId, audit.Operation, audit.By, instance.RuntimeStatus);
        return CommandResult.Ok;
    }

    public static CommandResult NotFound(string instanceId) =>
        new(CommandStatus.NotFound, "NOT_FOUND", $"No orchestration instance '{instanceId}' exists.");
}
