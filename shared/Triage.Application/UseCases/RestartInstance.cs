using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Triage.Application.UseCases;

/// <summary>Restarts a finished orchestration with its original input and the same instance id.</summary>
public sealed class RestartInstance
{
    private readonly ILogger<RestartInstance> logger;

    public RestartInstance(ILogger<RestartInstance> logger)
    {
        this.logger = logger;
    }

    public Task<CommandResult> RunAsync(string instanceId, string by, DurableTaskClient client, CancellationToken cancellationToken) =>
        InstanceCommand.RunAsync(
            client, instanceId, InstanceCommand.Finished,
            ct => client.RestartAsync(instanceId, restartWithNewInstanceId: false, ct), (logger, "restarted", by), cancellationToken);
}
