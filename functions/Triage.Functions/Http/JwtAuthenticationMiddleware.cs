using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Triage.Api;

namespace Triage.Functions.Http;

/// <summary>
/// Checks the bearer token of every HTTP function that is not anonymous in the route table, before the
/// function runs, with the shared validator (<see cref="ApiAuthentication"/>). Triggers are
/// <c>AuthorizationLevel.Anonymous</c> at the platform because function keys identify no one and
/// Easy Auth exists only in Azure: validating in the worker gives the same 401/403 answers in Azure, on
/// a laptop and in the self-host. Queue, orchestration and activity functions pass straight through.
/// </summary>
public sealed class JwtAuthenticationMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (await ApiAuthentication.AdmitAsync(context.FunctionDefinition.Name, context.GetHttpContext()))
        {
            await next(context);
        }
    }
}
