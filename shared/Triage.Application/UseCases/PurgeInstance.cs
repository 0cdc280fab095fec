using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Triage.Application.UseCases;

/// <summary>Purges a finished orchestration's history from the Durable Task store; the request's own
/// record and timeline stay.</summary>
public sealed class PurgeInstance
{
    private readonly ILogger<PurgeInstance> logger;

    public PurgeInstance(ILogger<PurgeInstance> logger)
    {
        this.logger = logger;
    }

    public Task<CommandResult> RunAsync(string instanceId, string by, DurableTaskClient client, CancellationToken cancellationToken) =>
        InstanceCommand.RunAsync(
            client, instanceId, InstanceCommand.Finished,
            ct => client.PurgeInstanceAsync(instanceId, ct), (logger, "purged", by), cancellationToken);
}
