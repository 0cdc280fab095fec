using Microsoft.DurableTask.Client;
using Triage.Application.UseCases;

namespace Triage.LocalHost;

/// <summary>
/// The self-host's reconciler (docs/decisions/0015), the twin of the Functions app's timer triggers:
/// every <c>Reconciler:Interval</c> (5 minutes; zero turns it off) it settles the open requests whose
/// orchestration is terminated, failed or gone (<see cref="ReconcileRequests"/>). The first sweep after
/// the host starts, and then one every <c>Reconciler:FullSweepInterval</c> (a day), scans the whole
/// <c>Requests</c> table; the others page through the index of open requests. Every sweep ends by purging
/// the finished orchestrations past <c>Reconciler:HistoryRetention</c>; with a shorter
/// <c>Reconciler:PurgeInterval</c> (10 seconds on Azurite) the purge also runs alone between sweeps, so the
/// engine's store holds the orchestrations in flight and little more. Several hosts on one storage account
/// may each run it: a request is still settled once, an instance purged once.
/// </summary>
public sealed class ReconcilerService : BackgroundService
{
    private readonly ReconcileRequests reconciler;
    private readonly PurgeFinishedOrchestrations purge;
    private readonly DurableTaskClient client;
    private readonly ReconcilerSettings settings;
    private readonly TimeProvider clock;
    private readonly ILogger<ReconcilerService> logger;

    public ReconcilerService(ReconcileRequests reconciler, PurgeFinishedOrchestrations purge, DurableTaskClient client, ReconcilerSettings settings, TimeProvider clock, ILogger<ReconcilerService> logger)
    {
        this.reconciler = reconciler;
        this.purge = purge;
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

        // One timer: a tick every PurgeInterval when it is the shorter, a sweep every so many ticks (its
        // purge included), a purge alone on the others; sweeps and purges never overlap.
        var purgeBetween = settings.PurgeInterval > TimeSpan.Zero && settings.PurgeInterval < settings.Interval;
        var tick = purgeBetween ? settings.PurgeInterval : settings.Interval;
        var ticksPerSweep = Math.Max(1, (int)Math.Round(settings.Interval / tick));
        DateTimeOffset? lastFull = null;
        var ticks = 0;
        using var timer = new PeriodicTimer(tick, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var sweep = ++ticks % ticksPerSweep == 0;
                var full = sweep && (lastFull is null || clock.GetUtcNow() - lastFull >= settings.FullSweepInterval);
                try
                {
                    if (sweep)
                    {
                        await reconciler.RunAsync(full, ReconcileRequests.Actor, client, stoppingToken);
                    }
                    else
                    {
                        await purge.RunAsync(fullScan: false, client, stoppingToken);
                    }

                    if (full)
                    {
                        lastFull = clock.GetUtcNow();
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "The reconciler's {Work} failed; trying again in {Interval}", sweep ? "sweep" : "purge", tick);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }
}
