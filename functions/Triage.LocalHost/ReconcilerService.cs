using Microsoft.DurableTask.Client;
using Triage.Application.UseCases;

namespace Triage.LocalHost;

/// <summary>
/// The self-host's reconciler (docs/decisions/0015), the twin of the Functions app's timer triggers:
/// every <c>Reconciler:Interval</c> (5 minutes; zero turns it off) it settles the open requests whose
/// orchestration is terminated, failed or gone (<see cref="ReconcileRequests"/>). The first sweep after
/// the host starts, and then one every <c>Reconciler:FullSweepInterval</c> (a day), scans the whole
/// <c>Requests</c> table; the others page through the index of open requests. Several hosts on one
/// storage account may each run it: a request is still settled once.
/// </summary>
public sealed class ReconcilerService : BackgroundService
{
    private readonly ReconcileRequests reconciler;
    private readonly DurableTaskClient client;
    private readonly ReconcilerSettings settings;
    private readonly TimeProvider clock;
    private readonly ILogger<ReconcilerService> logger;

    public ReconcilerService(ReconcileRequests reconciler, DurableTaskClient client, ReconcilerSettings settings, TimeProvider clock, ILogger<ReconcilerService> logger)
    {
        this.reconciler = reconciler;
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Interval <= TimeSpan.Zero)
        {
            logger.LogInformation("Reconciler off (Reconciler:Interval is zero)");
            return;
        }

        DateTimeOffset? lastFull = null;
        using var timer = new PeriodicTimer(settings.Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var full = lastFull is null || clock.GetUtcNow() - lastFull >= settings.FullSweepInterval;
                try
                {
                    await reconciler.RunAsync(full, ReconcileRequests.Actor, client, stoppingToken);
                    if (full)
                    {
                        lastFull = clock.GetUtcNow();
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "The reconciler's sweep failed; trying again in {Interval}", settings.Interval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }
}
