using Microsoft.AspNetCore.Http;
using Triage.Application.UseCases;

namespace Triage.Api;

/// <summary>The reconciler on demand: the sweep the timers run (<see cref="ReconcileRequests"/>), now,
/// answering with what it did.</summary>
internal static class ReconciliationEndpoints
{
    public static async Task<IResult> RunAsync(ApiCall call)
    {
        var report = await call.UseCase<ReconcileRequests>().RunAsync(fullScan: false, call.Caller.Subject, call.Client, call.Aborted);
        return new JsonResponse<ReconciliationReport>(StatusCodes.Status200OK, report, ApiJsonContext.Default.ReconciliationReport);
    }
}
