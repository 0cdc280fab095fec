using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Triage.Application.UseCases;

namespace Triage.Functions.Workflow;

/// <summary>
/// The reconciler on timers (docs/decisions/0015), the twin of the self-host's <c>ReconcilerService</c>:
/// every 5 minutes it pages through the index of open requests and settles those whose orchestration is
/// terminated, failed or gone (<see cref="ReconcileRequests"/>); once a day (03:30 UTC) it scans the
/// whole <c>Requests</c> table instead, which also puts back into the index any open request missing
/// from it. Timer triggers run on one instance of the app at a time; two reconcilers at once would
/// still settle each request once.
/// </summary>
public sealed class ReconcilerFunctions
{
    public const string Schedule = "0 */5 * * * *";
    public const string FullSweepSchedule = "0 30 3 * * *";

    private readonly ReconcileRequests reconciler;

    public ReconcilerFunctions(ReconcileRequests reconciler)
    {
        this.reconciler = reconciler;
    }

    [Function("ReconcileOpenRequests")]
    public Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        reconciler.RunAsync(fullScan: false, ReconcileRequests.Actor, client, context.CancellationToken);

    [Function("ReconcileAllRequests")]
    public Task RunFullAsync([TimerTrigger(FullSweepSchedule)] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        reconciler.RunAsync(fullScan: true, ReconcileRequests.Actor, client, context.CancellationToken);
}
