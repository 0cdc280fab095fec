using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Triage.Application.UseCases;

/// <summary>
/// Terminates a running or suspended orchestration, then settles what it can no longer settle itself
/// (<see cref="ReconcileRequest"/>): the request's reservation is released, waking requests waiting for
/// that money, and its outcome recorded as <c>Failed</c>, so a terminate never leaves money held.
/// </summary>
public sealed class TerminateInstance
{
    private static readonly TimeSpan EndWait = TimeSpan.FromSeconds(30);
    private readonly ReconcileRequest reconcile;
    private readonly ILogger<TerminateInstance> logger;

    public TerminateInstance(ReconcileRequest reconcile, ILogger<TerminateInstance> logger)
    {
        this.reconcile = reconcile;
        this.logger = logger;
    }

    public Task<CommandResult> RunAsync(string instanceId, string by, DurableTaskClient client, CancellationToken cancellationToken) =>
        InstanceCommand.RunAsync(
            client, instanceId, InstanceCommand.Active,
            async ct =>
            {
                await client.TerminateInstanceAsync(instanceId, $"terminated by {by}", ct);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(EndWait);
                await client.WaitForInstanceCompletionAsync(instanceId, wait.Token);
                var reconciled = await reconcile.RunAsync(instanceId, by, client, ct);
                if (!reconciled.Succeeded && reconciled.Status != CommandStatus.NotFound)
                {
                    throw new InvalidOperationException(reconciled.Message ?? "The terminated request could not be settled.");
                }
            },
            (logger, "terminated", by),
            cancellationToken);
}
