using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Triage.Api;

namespace Triage.Functions.Http;

/// <summary>
/// One HTTP trigger per route of <see cref="ApiRoutes.All"/>, each a line that hands the request to the
/// shared <see cref="TriageApi"/> with the bound Durable Task client (the client is not a DI service in
/// the isolated worker). Names and routes are the route table's constants; a test compares the generated
/// functions.metadata with the table. The platform level is Anonymous: tokens are checked by
/// <see cref="JwtAuthenticationMiddleware"/> and again by <see cref="TriageApi"/>, the same code the
/// self-host runs.
/// </summary>
public static class ApiFunctions
{
    [Function(RouteNames.Health)]
    public static Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.Health)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.Health, client);

    [Function(RouteNames.OpenApi)]
    public static Task<IActionResult> OpenApi(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.OpenApi)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.OpenApi, client);

    [Function(RouteNames.CreateQuote)]
    public static Task<IActionResult> CreateQuote(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.Quotes)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.CreateQuote, client);

    [Function(RouteNames.SubmitRequest)]
    public static Task<IActionResult> SubmitRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.Requests)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.SubmitRequest, client);

    [Function(RouteNames.ListRequests)]
    public static Task<IActionResult> ListRequests(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.Requests)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.ListRequests, client);

    [Function(RouteNames.GetRequest)]
    public static Task<IActionResult> GetRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.Request)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.GetRequest, client);

    [Function(RouteNames.WithdrawRequest)]
    public static Task<IActionResult> WithdrawRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.Withdraw)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.WithdrawRequest, client);

    [Function(RouteNames.DecideStep)]
    public static Task<IActionResult> DecideStep(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.Decision)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.DecideStep, client);

    [Function(RouteNames.ListFunds)]
    public static Task<IActionResult> ListFunds(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.Funds)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.ListFunds, client);

    [Function(RouteNames.RecordContribution)]
    public static Task<IActionResult> RecordContribution(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.Contributions)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.RecordContribution, client);

    [Function(RouteNames.GetInstanceHistory)]
    public static Task<IActionResult> GetInstanceHistory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.InstanceHistory)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.GetInstanceHistory, client);

    [Function(RouteNames.SuspendInstance)]
    public static Task<IActionResult> SuspendInstance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.InstanceSuspend)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.SuspendInstance, client);

    [Function(RouteNames.ResumeInstance)]
    public static Task<IActionResult> ResumeInstance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.InstanceResume)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.ResumeInstance, client);

    [Function(RouteNames.TerminateInstance)]
    public static Task<IActionResult> TerminateInstance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.InstanceTerminate)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.TerminateInstance, client);

    [Function(RouteNames.RestartInstance)]
    public static Task<IActionResult> RestartInstance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.InstanceRestart)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.RestartInstance, client);

    [Function(RouteNames.PurgeInstance)]
    public static Task<IActionResult> PurgeInstance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = RouteTemplates.Instance)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.PurgeInstance, client);

    [Function(RouteNames.DemandReport)]
    public static Task<IActionResult> DemandReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.DemandReport)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.DemandReport, client);

    [Function(RouteNames.Dashboard)]
    public static Task<IActionResult> Dashboard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.Dashboard)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.Dashboard, client);

    [Function(RouteNames.DashboardAsset)]
    public static Task<IActionResult> DashboardAsset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.DashboardAsset)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.DashboardAsset, client);

    [Function(RouteNames.ListInbox)]
    public static Task<IActionResult> ListInbox(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.Inbox)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.ListInbox, client);

    [Function(RouteNames.GetReferenceData)]
    public static Task<IActionResult> GetReferenceData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.ReferenceData)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.GetReferenceData, client);

    [Function(RouteNames.OpenFund)]
    public static Task<IActionResult> OpenFund(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.ReferenceDataFunds)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.OpenFund, client);

    [Function(RouteNames.CloseFund)]
    public static Task<IActionResult> CloseFund(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.ReferenceDataFundClose)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.CloseFund, client);

    [Function(RouteNames.ChangePartnerStatus)]
    public static Task<IActionResult> ChangePartnerStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = RouteTemplates.ReferenceDataPartnerStatus)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.ChangePartnerStatus, client);

    [Function(RouteNames.ReplaceRateCard)]
    public static Task<IActionResult> ReplaceRateCard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = RouteTemplates.ReferenceDataRateCard)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.ReplaceRateCard, client);

    [Function(RouteNames.ReplaceApprovers)]
    public static Task<IActionResult> ReplaceApprovers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = RouteTemplates.ReferenceDataApprovers)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.ReplaceApprovers, client);

    [Function(RouteNames.ListReferenceDataAudit)]
    public static Task<IActionResult> ListReferenceDataAudit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.ReferenceDataAudit)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.ListReferenceDataAudit, client);

    [Function(RouteNames.PipelineReport)]
    public static Task<IActionResult> PipelineReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.PipelineReport)] HttpRequest request,
        [DurableClient] DurableTaskClient client) => HandleAsync(request, RouteNames.PipelineReport, client);

    /// <summary>
    /// Every other path under <c>/api</c>, any method: the problem the self-host answers (404, or 405 with
    /// <c>Allow</c>) instead of the host's bare 404. The host tries HTTP routes in function-name order,
    /// first match wins, with no route precedence; so this catch-all's name (<see cref="RouteNames.Unmatched"/>)
    /// sorts after every other function's, and a test over functions.metadata keeps it so.
    /// </summary>
    [Function(RouteNames.Unmatched)]
    public static async Task<IActionResult> Unmatched(
        [HttpTrigger(AuthorizationLevel.Anonymous, Route = RouteTemplates.Unmatched)] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await TriageApi.HandleUnmatchedAsync(request.HttpContext);
        return new EmptyResult();
    }

    // The shared handler writes the response itself; EmptyResult leaves it as written.
    private static async Task<IActionResult> HandleAsync(HttpRequest request, string route, DurableTaskClient client)
    {
        await TriageApi.HandleAsync(request.HttpContext, route, client);
        return new EmptyResult();
    }
}
