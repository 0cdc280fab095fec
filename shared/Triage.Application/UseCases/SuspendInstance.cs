using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Triage.Application.UseCases;

/// <summary>Suspends a running (or pending) orchestration.</summary>
public sealed class SuspendInstance
{
    private readonly ILogger<SuspendInstance> logger;

    public SuspendInstance(ILogger<SuspendInstance> logger)
    {
        this.logger = logger;
    }

    public Task<CommandResult> RunAsync(string instanceId, string by, DurableTaskClient client, CancellationToken cancellationToken) =>
        InstanceCommand.RunAsync(
            client, instanceId, [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending],
            ct => client.SuspendInstanceAsync(instanceId, $"suspended by {by}", ct), (logger, "suspended", by), cancellationToken);
}
