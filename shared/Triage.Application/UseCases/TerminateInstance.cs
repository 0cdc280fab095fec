using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Triage.Application.UseCases;

/// <summary>
/// Terminates a running or suspended orchestration. A terminated orchestration cannot settle its
/// request, so this then tries, briefly (<see cref="ReconcilerSettings.TerminateWait"/>), to settle it at
/// once (<see cref="ReconcileRequest"/>: reservations released, commitments reversed, waiting requests
/// woken, outcome <c>Failed</c>). Whatever it cannot do in that time — the engine is slow to stop the
/// instance, storage fails — is left to the reconciler (<see cref="ReconcileRequests"/>), which settles
/// every open request whose orchestration is terminated: the terminate itself is accepted either way,
/// and never fails because the engine is slow.
/// </summary>
public sealed class TerminateInstance
{
    private readonly ReconcileRequest reconcile;
    private readonly ReconcilerSettings settings;
    private readonly ILogger<TerminateInstance> logger;

    public TerminateInstance(ReconcileRequest reconcile, ReconcilerSettings settings, ILogger<TerminateInstance> logger)
    {
        this.reconcile = reconcile;
        this.settings = settings;
        this.logger = logger;
    }

    public Task<CommandResult> RunAsync(string instanceId, string by, DurableTaskClient client, CancellationToken cancellationToken) =>
        InstanceCommand.RunAsync(
            client, instanceId, InstanceCommand.Active,
            async ct =>
            {
                await client.TerminateInstanceAsync(instanceId, $"terminated by {by}", ct);
                await TrySettleAsync(instanceId, by, client, ct);
            },
            (logger, "terminated", by),
            cancellationToken);

    /// <summary>Waits for the instance to stop and settles its request, for at most the terminate wait;
    /// never throws but for the caller's own cancellation.</summary>
    private async Task TrySettleAsync(string instanceId, string by, DurableTaskClient client, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(settings.TerminateWait);
        try
        {
            await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: false, wait.Token);
            var result = await reconcile.RunAsync(instanceId, by, client, minimumAge: null, wait.Token);
            logger.LogInformation("Terminated orchestration {InstanceId}: {Action}", instanceId, result.Action);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Terminated orchestration {InstanceId} was not settled within {Wait}; the reconciler will settle it", instanceId, settings.TerminateWait);
        }
    }
}
