using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
/// How a host takes in the workflow: the services (storage, stores, the use cases), the
/// orchestrations and activities for the Durable Task worker, and the queue poller (self-host only;
/// the Functions app has a QueueTrigger instead).
/// </summary>
public static class WorkflowSetup
{
    /// <summary>
    /// Storage clients, stores, the reference data (with <c>Policy:*</c> overrides), the activities,
    /// the use cases, the approval-decision handler, and the start-up seeding
    /// (an <c>IHostedService</c>: call this before <c>AddDurableTaskWorker</c> so the tables exist and
    /// are seeded before the worker takes work).
    /// </summary>
    public static IServiceCollection AddTriageWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        var options = WorkflowOptions.FromConfiguration(configuration);
        services.TryAddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => StorageClients.FromConfiguration(configuration));
        services.TryAddSingleton(sp => new ReferenceDataProvider(sp.GetRequiredService<WorkflowOptions>().Apply(ReferenceData.LoadEmbedded())));
        services.TryAddSingleton<RequestStore>();
        services.TryAddSingleton<TimelineStore>();
        services.TryAddSingleton<DecisionStore>();
        services.TryAddSingleton<FundLedgerStore>();
        services.TryAddSingleton<RequestAssessor>();
        services.TryAddSingleton<WaitingRequests>();
        services.TryAddSingleton<ReservationService>();
        services.TryAddSingleton<QueueSender>();
        services.TryAddSingleton<IdempotencyStore>();
        services.TryAddSingleton<StorageProbe>();
        services.TryAddSingleton<ApprovalDecisionQueue>();
        services.TryAddSingleton<TriageActivities>();
        // The options' parts the folders need, so UseCases and Messaging do not reach back to this namespace.
        services.TryAddSingleton(sp => sp.GetRequiredService<WorkflowOptions>().ToActivityRetry());
        services.TryAddSingleton(sp => sp.GetRequiredService<WorkflowOptions>().ToPollerSettings());
        services.AddTriageUseCases();
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

    /// <summary>Every use case, one singleton each (they hold stores, not state); the Durable Task client
    /// is a parameter of those that need it, as the Functions app gets it per trigger.</summary>
    private static void AddTriageUseCases(this IServiceCollection services)
    {
        services.TryAddSingleton<CreateQuote>();
        services.TryAddSingleton<SubmitRequest>();
        services.TryAddSingleton<GetRequest>();
        services.TryAddSingleton<ListRequests>();
        services.TryAddSingleton<WithdrawRequest>();
        services.TryAddSingleton<DecideStep>();
        services.TryAddSingleton<ListFunds>();
        services.TryAddSingleton<RecordContribution>();
        services.TryAddSingleton<GetDemandReport>();
        services.TryAddSingleton<ReconcileRequest>();
        services.TryAddSingleton<GetInstanceHistory>();
        services.TryAddSingleton<SuspendInstance>();
        services.TryAddSingleton<ResumeInstance>();
        services.TryAddSingleton<TerminateInstance>();
        services.TryAddSingleton<RestartInstance>();
        services.TryAddSingleton<PurgeInstance>();
        services.TryAddSingleton<CheckHealth>();
        services.TryAddSingleton<GetReferenceData>();
    }

    private static ActivityRetry ToActivityRetry(this WorkflowOptions o) => new(o.ActivityMaxAttempts, o.ActivityFirstRetry);

    private static PollerSettings ToPollerSettings(this WorkflowOptions o) => new(o.PollingInterval, o.MaxDequeueCount, o.VisibilityTimeout);
}
