using System.Text.Json;
using Cronos;
using Triage.FunctionsHost.Rpc;
using Triage.FunctionsHost.Worker;

namespace Triage.FunctionsHost.Triggers;

/// <summary>
/// A timer-triggered function on its six-field cron schedule (seconds first, UTC), as the host runs
/// it on one instance. Unlike the host it keeps no schedule status in storage: an occurrence missed
/// while the harness was down is not run late (no <c>IsPastDue</c>).
/// </summary>
public sealed class TimerTrigger(LoadedFunction function, FunctionInvoker invoker, TimeProvider clock, ILogger<TimerTrigger> logger)
{
    private readonly CronExpression schedule = CronExpression.Parse(
        function.TriggerSetting("schedule") ?? throw new InvalidOperationException($"Function '{function.Name}' has no schedule."), CronFormat.IncludeSeconds);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var last = clock.GetUtcNow();
        while (schedule.GetNextOccurrence(last.UtcDateTime, TimeZoneInfo.Utc) is { } next)
        {
            var wait = next - clock.GetUtcNow().UtcDateTime;
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            var status = JsonSerializer.Serialize(new
            {
                ScheduleStatus = new { Last = last.UtcDateTime, Next = schedule.GetNextOccurrence(next, TimeZoneInfo.Utc), LastUpdated = next },
                IsPastDue = false,
            });
            try
            {
                var answer = await invoker.InvokeAsync(function, new TypedData { Json = status }, stoppingToken);
                if (answer.Result?.Status != StatusResult.Types.Status.Success)
                {
                    logger.LogError("Timer function {Function} failed: {Error}", function.Name, answer.Result?.Exception?.Message);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                return;
            }

            last = new DateTimeOffset(next, TimeSpan.Zero);
        }
    }
}
