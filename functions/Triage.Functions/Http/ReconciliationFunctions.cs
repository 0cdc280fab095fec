using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Triage.Api;

namespace Triage.Functions.Http;

/// <summary>The route that runs the reconciler now (<see cref="RouteNames.RunReconciliation"/>): like every
/// trigger of <see cref="ApiFunctions"/>, one line handing the request to the shared <see cref="TriageApi"/>.</summary>
public static class ReconciliationFunctions
{
    [Function(RouteNames.RunReconciliation)]
    public static async Task<IActionResult> RunReconciliation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.Reconciliations)] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        await TriageApi.HandleAsync(request.HttpContext, RouteNames.RunReconciliation, client);
        return new EmptyResult();
    }
}
