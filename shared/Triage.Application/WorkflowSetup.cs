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
using Triage.Application.Identity;
using Triage.Application.Intake;
using Triage.Application.Messaging;
using Triage.Application.Orchestration;
using Triage.Application.Orchestration.Activities;

namespace Triage.Application;

/// <summary>
/// How a host takes in the workflow: the services (storage, stores, the use cases), the
/// orchestrations and activities for the Durable Task worker, and the queue poller (self-host only;
/// the Functions app has a QueueTrigger instead).
/// </summary>
public static class WorkflowSetup
{
    /// <summary>Every activity of the workflow: the concrete <see cref="TriageActivity{TInput,TOutput}"/>
    /// classes of this assembly (an activity is added by adding its class), in name order.</summary>
    public static IReadOnlyList<Type> ActivityTypes { get; } =
        [.. typeof(TriageActivity<,>).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && IsActivity(t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)];

    /// <summary>
    /// Storage clients, stores, the reference data (read from storage, with <c>Policy:*</c> overrides;
    /// <c>ReferenceData:*</c> settings), the activities, the use cases, the approval-decision handler,
    /// and the start-up seeding
    /// (an <c>IHostedService</c>: call this before <c>AddDurableTaskWorker</c> so the tables exist and
    /// are seeded before the worker takes work).
    /// </summary>
    public static IServiceCollection AddTriageWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        var options = WorkflowOptions.FromConfiguration(configuration);
        services.TryAddSingleton(options);
        // Read here, not when first resolved, so a bad Intake:* value stops the host before it starts.
        services.TryAddSingleton(IntakeSettings.FromConfiguration(configuration));
        services.TryAddSingleton<IntakeGate>();
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
        services.TryAddSingleton<PendingApprovalStore>();
        services.TryAddSingleton<TimelineStore>();
        services.TryAddSingleton<DecisionStore>();
        services.TryAddSingleton<FundLedgerStore>();
        services.TryAddSingleton<ReservationRoundStore>();
        services.TryAddSingleton<RequestAssessor>();
        services.TryAddSingleton<WaitingRequests>();
        services.TryAddSingleton<ReservationService>();
        services.TryAddSingleton<QueueSender>();
        services.TryAddSingleton<ProgressRecorder>();
        foreach (var activity in ActivityTypes)
        {
            // Stateless: one instance serves every call. The self-host's worker takes these singletons
            // (AddActivity(Type) resolves the type from the services first); the Functions app injects them.
            services.TryAddSingleton(activity);
        }

        services.TryAddSingleton<IdempotencyStore>();
        services.TryAddSingleton<StorageProbe>();
        services.TryAddSingleton<ApprovalDecisionQueue>();
        // The options' parts the folders need, so UseCases and Messaging do not reach back to this namespace.
        services.TryAddSingleton(sp => sp.GetRequiredService<WorkflowOptions>().ToActivityRetry());
        services.TryAddSingleton(sp => sp.GetRequiredService<WorkflowOptions>().ToPollerSettings());
        services.TryAddSingleton(_ => ReconcilerOptions.FromConfiguration(configuration));
        services.AddTriageUseCases();
        // The queue's decisions carry the approver's bearer token, checked as the API checks it (Auth:*).
        services.TryAddSingleton(_ => AuthSettings.FromConfiguration(configuration));
        services.TryAddSingleton<TriageTokenValidator>();
        services.TryAddSingleton<ApprovalDecisionHandler>();
        services.AddHostedService<TriageStorageInitializer>();
        return services;
    }

    /// <summary>The orchestration and every activity (<see cref="ActivityTypes"/>, each named after its
    /// class), for the self-host's Durable Task worker. The Functions app declares the same names as
    /// <c>[Function]</c> wrappers.</summary>
    public static DurableTaskRegistry AddTriageTasks(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestrator<TriageOrchestration>();
        foreach (var activity in ActivityTypes)
        {
            registry.AddActivity(activity);
        }

        return registry;
    }

    /// <summary>The self-host's poller of <c>approval-decisions</c> (needs a <c>DurableTaskClient</c>
    /// singleton in DI, which the self-host has).</summary>
    public static IServiceCollection AddTriageQueuePollers(this IServiceCollection services)
    {
        services.AddHostedService<ApprovalDecisionPoller>();
        return services;
    }

    private static bool IsActivity(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(TriageActivity<,>))
            {
                return true;
            }
        }

        return false;
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
        services.TryAddSingleton<ListInbox>();
        services.TryAddSingleton<ReferenceDataEditor>();
        services.TryAddSingleton<ShowReferenceData>();
        services.TryAddSingleton<OpenFund>();
        services.TryAddSingleton<CloseFund>();
        services.TryAddSingleton<ChangePartnerStatus>();
        services.TryAddSingleton<ReplaceReferenceFile>();
        services.TryAddSingleton<ListReferenceDataAudit>();
        services.TryAddSingleton<ListFunds>();
        services.TryAddSingleton<RecordContribution>();
        services.TryAddSingleton<GetDemandReport>();
        services.TryAddSingleton<GetPipelineReport>();
        services.TryAddSingleton<ReconcileRequest>();
        services.TryAddSingleton<ReconcileRequests>();
        services.TryAddSingleton<PurgeFinishedOrchestrations>();
        services.TryAddSingleton<RaiseDueStepTimers>();
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
