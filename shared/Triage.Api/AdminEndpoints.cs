using Microsoft.AspNetCore.Http;
using Triage.Application.UseCases;

namespace Triage.Api;

/// <summary>Admin operations on orchestration instances (instance id = request id). The use cases check
/// the instance's state; these turn their answers into HTTP: 202 with a link to the history, 204 for a
/// purge, 404 for an unknown instance, 409 for an operation the state does not allow.</summary>
internal static class AdminEndpoints
{
    public static async Task<IResult> HistoryAsync(ApiCall call)
    {
        var id = call.Value("id");
        var view = await call.UseCase<GetInstanceHistory>().RunAsync(id, call.Client, call.Aborted);
        if (view is null)
        {
            return Problems.NotFound($"No orchestration instance '{id}' exists.");
        }

        if (view.HistoryUnavailable is { } why)
        {
            view = view with { HistoryUnavailable = $"{why}; the request's timeline is at {RequestEndpoints.StatusUrl(id)}." };
        }

        return new JsonResponse<InstanceHistoryView>(StatusCodes.Status200OK, view, ApiJsonContext.Default.InstanceHistoryView);
    }

    public static async Task<IResult> SuspendAsync(ApiCall call) =>
        Accepted(call, "Suspending", await call.UseCase<SuspendInstance>().RunAsync(call.Value("id"), call.Caller.Subject, call.Client, call.Aborted));

    public static async Task<IResult> ResumeAsync(ApiCall call) =>
        Accepted(call, "Resuming", await call.UseCase<ResumeInstance>().RunAsync(call.Value("id"), call.Caller.Subject, call.Client, call.Aborted));

    public static async Task<IResult> TerminateAsync(ApiCall call) =>
        Accepted(call, "Terminated", await call.UseCase<TerminateInstance>().RunAsync(call.Value("id"), call.Caller.Subject, call.Client, call.Aborted));

    public static async Task<IResult> RestartAsync(ApiCall call) =>
        Accepted(call, "Restarting", await call.UseCase<RestartInstance>().RunAsync(call.Value("id"), call.Caller.Subject, call.Client, call.Aborted));

    public static async Task<IResult> PurgeAsync(ApiCall call)
    {
        var result = await call.UseCase<PurgeInstance>().RunAsync(call.Value("id"), call.Caller.Subject, call.Client, call.Aborted);
        return result.Succeeded ? new EmptyResponse(StatusCodes.Status204NoContent) : Problems.Refused(result);
    }

    private static IResult Accepted(ApiCall call, string status, CommandResult result)
    {
        if (!result.Succeeded)
        {
            return Problems.Refused(result);
        }

        var id = call.Value("id");
        var url = RouteTemplates.PathOf(RouteTemplates.InstanceHistory, id);
        return new JsonResponse<CommandAccepted>(StatusCodes.Status202Accepted, new CommandAccepted(id, status, url), ApiJsonContext.Default.CommandAccepted) { Location = url };
    }
}
