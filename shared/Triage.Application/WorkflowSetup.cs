using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Triage.Domain;
using Triage.Application.Assessment;
using Triage.Application.UseCases;
using Triage.Storage;
using Triage.Contracts;
using Triage.Application.Funds;
using Triage.Application.Messaging;
using Triage.Application.Orchestration;

namespace Triage.Application;

/// <summary>
/// How a host takes in the workflow: the services (storage, stores, the application service), the
/// orchestrations and activities for the Durable Task worker, and the queue poller (self-host only;
/// the Functions app has a QueueTrigger instead).
/// </summary>
public static class WorkflowSetup
{
    /// <summary>
    /// Storage clients, stores, the reference data (read from storage, with <c>Policy:*</c> overrides;
    /// <c>ReferenceData:*</c> settings), the activities,
    /// <see cref="ITriageServiceFactory"/>, the approval-decision handler, and the start-up seeding
    /// (an <c>IHostedService</c>: call this before <c>AddDurableTaskWorker</c> so the tables exist and
    /// are seeded before the worker takes work).
    /// </summary>
    public static IServiceCollection AddTriageWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        var options = WorkflowOptions.FromConfiguration(configuration);
        services.TryAddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => StorageClients.FromConfiguration(configuration));
        services.TryAddSingleton(sp => ReferenceDataOptions.FromConfiguration(configuration));
        services.TryAddSingleton(sp => new ReferenceDataStore(sp.GetRequiredService<StorageClients>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ReferenceDataProvider(
            sp.GetRequiredService<ReferenceDataStore>(),
            sp.GetRequiredService<WorkflowOptions>().Apply,
            sp.GetRequiredService<ReferenceDataOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<ReferenceDataProvider>>()));
        services.TryAddSingleton<RequestStore>();
        services.TryAddSingleton<TimelineStore>();
        services.TryAddSingleton<DecisionStore>();
        services.TryAddSingleton<FundLedgerStore>();
        services.TryAddSingleton<RequestAssessor>();
        services.TryAddSingleton<WaitingRequests>();
        services.TryAddSingleton<ReservationService>();
        services.TryAddSingleton<QueueSender>();
        services.TryAddSingleton<TriageActivities>();
        services.TryAddSingleton<TriageServiceDependencies>();
        services.TryAddSingleton<ITriageServiceFactory, TriageServiceFactory>();
        services.TryAddSingleton<ApprovalDecisionHandler>();
        services.AddHostedService<TriageStorageInitializer>();
        return services;
    }

    /// <summary>The orchestration and every activity, for the self-host's Durable Task worker. The
    /// Functions app declares the same names as <c>[Function]</c> wrappers.</summary>
    public static DurableTaskRegistry AddTriageTasks(this DurableTaskRegistry registry)
    {
        registry.AddOrchestrator<TriageOrchestration>();
        registry.AddActivity<RecordProgress>();
        registry.AddActivity<ScreenRequest>();
        registry.AddActivity<EstimateCost>();
        registry.AddActivity<ReserveFunds>();
        registry.AddActivity<CommitFunds>();
        registry.AddActivity<ReleaseFunds>();
        registry.AddActivity<NotifyApprovers>();
        registry.AddActivity<CloseStep>();
        registry.AddActivity<NotifyPartner>();
        return registry;
    }

    /// <summary>The self-host's poller of <c>approval-decisions</c> (needs a <c>DurableTaskClient</c>
    /// singleton in DI, which the self-host has).</summary>
    public static IServiceCollection AddTriageQueuePollers(this IServiceCollection services)
    {
        services.AddHostedService<ApprovalDecisionPoller>();
        return services;
    }
}
