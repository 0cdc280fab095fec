using Microsoft.DurableTask.Client;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>Whether storage and the Durable Task engine answer, each within a few seconds: storage
/// lists a table, the engine looks up an instance that never exists. Also whether the step timers are
/// raised (<see cref="RaiseDueStepTimers"/>): <c>behind</c> when one is overdue by more than
/// <see cref="StepTimersOverdue"/>, which no host raising them every 10 s leaves.</summary>
public sealed class CheckHealth(StorageProbe storage, PendingApprovalStore pendingApprovals, TimeProvider clock)
{
    public const string Ok = "ok";
    public const string Behind = "behind";
    public const string ProbeInstanceId = "triage-health-probe";
    public static readonly TimeSpan StepTimersOverdue = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public async Task<HealthReport> RunAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var storageStatus = await ProbeAsync(storage.ProbeAsync, cancellationToken);
        var engineStatus = await ProbeAsync(ct => client.GetInstanceAsync(ProbeInstanceId, getInputsAndOutputs: false, ct), cancellationToken);
        var overdue = false;
        var timersStatus = await ProbeAsync(async ct => overdue = (await pendingApprovals.DueTimersAsync(clock.GetUtcNow() - StepTimersOverdue, 1, ct)).Count > 0, cancellationToken);
        return new HealthReport(storageStatus, engineStatus, overdue ? Behind : timersStatus);
    }

    private static async Task<string> ProbeAsync(Func<CancellationToken, Task> probe, CancellationToken aborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await probe(timeout.Token);
            return Ok;
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return "timeout";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return "unreachable";
        }
    }
}
