using Microsoft.DurableTask.Client;
using Triage.Storage;

namespace Triage.Application.UseCases;

/// <summary>Whether storage and the Durable Task engine answer, each within a few seconds: storage
/// lists a table, the engine looks up an instance that never exists.</summary>
public sealed class CheckHealth
{
    public const string Ok = "ok";
    public const string ProbeInstanceId = "triage-health-probe";
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);
    private readonly StorageProbe storage;

    public CheckHealth(StorageProbe storage)
    {
        this.storage = storage;
    }

    public async Task<HealthReport> RunAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var storageStatus = await ProbeAsync(storage.ProbeAsync, cancellationToken);
        var engineStatus = await ProbeAsync(ct => client.GetInstanceAsync(ProbeInstanceId, getInputsAndOutputs: false, ct), cancellationToken);
        return new HealthReport(storageStatus, engineStatus);
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
