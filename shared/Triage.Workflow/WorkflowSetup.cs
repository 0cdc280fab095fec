using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Triage.Workflow;

/// <summary>
/// How a host takes in the workflow: the services (storage, stores, the application service), the
/// orchestrations and activities for the Durable Task worker, and the queue poller (self-host only;
/// the Functions app has a QueueTrigger instead).
/// </summary>
public static class WorkflowSetup
{
    public static IServiceCollection AddTriageWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        return services;
    }

    public static DurableTaskRegistry AddTriageTasks(this DurableTaskRegistry registry)
    {
        return registry;
    }

    public static IServiceCollection AddTriageQueuePollers(this IServiceCollection services)
    {
        return services;
    }
}
