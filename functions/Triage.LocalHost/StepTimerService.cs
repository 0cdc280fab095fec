using Microsoft.DurableTask.Client;
using Triage.Application;
using Triage.Application.UseCases;

namespace Triage.LocalHost;

/// <summary>
/// The self-host's raiser of step timers (docs/decisions/0035), the twin of the Functions app's
/// <c>RaiseDueStepTimers</c> timer: every <c>Workflow:StepTimerInterval</c> (10 s; zero turns it off) the
/// reminder points and deadlines that have come are raised on their orchestrations
/// (<see cref="RaiseDueStepTimers"/>). Several hosts on one storage account may each run it: a step
/// takes each of its timers once.
/// </summary>
public sealed class StepTimerService(RaiseDueStepTimers raiser, DurableTaskClient client, WorkflowOptions options, TimeProvider clock, ILogger<StepTimerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.StepTimerInterval <= TimeSpan.Zero)
        {
            logger.LogWarning("Step timers off (Workflow:StepTimerInterval is zero): no step is reminded or expires");
            return;
        }

        using var timer = new PeriodicTimer(options.StepTimerInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await raiser.RunAsync(client, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Raising the step timers failed; trying again in {Interval}", options.StepTimerInterval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }
}
