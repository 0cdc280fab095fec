using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Triage.Application.UseCases;

namespace Triage.Functions.Workflow;

/// <summary>
/// The raiser of step timers on a timer (docs/decisions/0035), the twin of the self-host's
/// <c>StepTimerService</c>: every 10 seconds the reminder points and deadlines that have come are raised
/// on their orchestrations (<see cref="RaiseDueStepTimers"/>). A timer trigger runs on one instance of
/// the app at a time; two raisers at once would still have each step take its timers once.
/// </summary>
public sealed class StepTimerFunction(RaiseDueStepTimers raiser)
{
    public const string Schedule = "*/10 * * * * *";

    [Function("RaiseDueStepTimers")]
    public Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        raiser.RunAsync(client, context.CancellationToken);
}
