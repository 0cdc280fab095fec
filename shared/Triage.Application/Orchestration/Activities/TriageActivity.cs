using Microsoft.DurableTask;

namespace Triage.Application.Orchestration.Activities;

/// <summary>
/// The base of every activity of the workflow: the class name is the activity name, and the logic is
/// in <see cref="RunAsync(TInput, CancellationToken)"/>, which both hosts call: the self-host's Durable
/// Task worker through <see cref="RunAsync(TaskActivityContext, TInput)"/>, the Functions app from its
/// <c>[ActivityTrigger]</c> wrapper with the invocation's cancellation token. Every activity is
/// idempotent (run twice, it has the effect of once: the engine delivers at least once) and stateless,
/// so one instance serves every call.
/// </summary>
public abstract class TriageActivity<TInput, TOutput> : TaskActivity<TInput, TOutput>
{
    public abstract Task<TOutput> RunAsync(TInput input, CancellationToken cancellationToken);

    // The worker's activity context carries no cancellation token.
    public sealed override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) =>
        RunAsync(input, CancellationToken.None);
}
