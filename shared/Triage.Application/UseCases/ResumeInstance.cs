using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Triage.Application.UseCases;

/// <summary>Resumes a suspended orchestration.</summary>
public sealed class ResumeInstance
{
    private readonly ILogger<ResumeInstance> logger;

    public ResumeInstance(ILogger<ResumeInstance> logger)
    {
        this.logger = logger;
    }

    public Task<CommandResult> RunAsync(string instanceId, string by, DurableTaskClient client, CancellationToken cancellationToken) =>
        InstanceCommand.RunAsync(
            client, instanceId, [OrchestrationRuntimeStatus.Suspended],
            ct => client.ResumeInstanceAsync(instanceId, $"resumed by {by}", ct), (logger, "resumed", by), cancellationToken);
}
