using Triage.Contracts;
using Triage.Application.UseCases;
using Triage.Application.Identity;

namespace Triage.Api;

/// <summary>Function and endpoint names: the Functions app's <c>[Function]</c> names and the self-host's
/// endpoint names are these, so a route is one name everywhere (logs, metadata, OpenAPI operationId).</summary>
public static class RouteNames
{
    public const string Health = nameof(Health);
    public const string OpenApi = nameof(OpenApi);
    public const string CreateQuote = nameof(CreateQuote);
    public const string SubmitRequest = nameof(SubmitRequest);
    public const string ListRequests = nameof(ListRequests);
    public const string GetRequest = nameof(GetRequest);
    public const string WithdrawRequest = nameof(WithdrawRequest);
    public const string DecideStep = nameof(DecideStep);
    public const string ListFunds = nameof(ListFunds);
    public const string RecordContribution = nameof(RecordContribution);
    public const string GetInstanceHistory = nameof(GetInstanceHistory);
    public const string SuspendInstance = nameof(SuspendInstance);
    public const string ResumeInstance = nameof(ResumeInstance);
    public const string TerminateInstance = nameof(TerminateInstance);
    public const string RestartInstance = nameof(RestartInstance);
    public const string PurgeInstance = nameof(PurgeInstance);
    public const string DemandReport = nameof(DemandReport);
}

/// <summary>Route templates below the <c>/api</c> prefix (host.json <c>extensions.http.routePrefix</c>).</summary>
public static class RouteTemplates
{
    public const string Prefix = "api";
    public const string Health = "health";
    public const string OpenApi = "openapi.json";
    public const string Quotes = "quotes";
    public const string Requests = "requests";
    public const string Request = "requests/{id}";
    public const string Withdraw = "requests/{id}/withdraw";
    public const string Decision = "requests/{id}/decisions/{step}";
    public const string Funds = "funds";
    public const string Contributions = "funds/{id}/contributions";
    public const string InstanceHistory = "admin/instances/{id}/history";
    public const string InstanceSuspend = "admin/instances/{id}/suspend";
    public const string InstanceResume = "admin/instances/{id}/resume";
    public const string InstanceTerminate = "admin/instances/{id}/terminate";
    public const string InstanceRestart = "admin/instances/{id}/restart";
    public const string Instance = "admin/instances/{id}";
    public const string DemandReport = "admin/reports/demand";
}

/// <summary>A query string or header parameter, for validation messages and the OpenAPI document.</summary>
public sealed record ApiParameter(string Name, string In, string Description, string Format = "string");

/// <summary>
/// One route of the API: the single source of truth for the self-host's endpoints, the Functions app's
/// triggers (checked against its functions.metadata by a test), the OpenAPI document and authorization.
/// An empty <see cref="Roles"/> means anonymous.
/// </summary>
public sealed record ApiRoute(
    string Name,
    string Method,
    string Template,
    IReadOnlyList<string> Roles,
    Type? RequestType,
    Type? ResponseType,
    int SuccessStatus,
    string Summary,
    Func<ApiCall, Task<Microsoft.AspNetCore.Http.IResult>> Handler)
{
    public bool IsAnonymous => Roles.Count == 0;

    public string Path => $"/{RouteTemplates.Prefix}/{Template}";

    public IReadOnlyList<ApiParameter> Parameters { get; init; } = [];

    /// <summary>Statuses besides the success one and those every route of its kind has (401/403, 400/413/415, 404).</summary>
    public IReadOnlyList<int> ExtraStatuses { get; init; } = [];

    public IEnumerable<string> PathParameters =>
        Template.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}'));
}

public static class ApiRoutes
{
    private static readonly string[] Anyone = [];
    private static readonly string[] Partners = [TriageRoles.Partner];
    private static readonly string[] PartnersAndAdmins = [TriageRoles.Partner, TriageRoles.Admin];
    private static readonly string[] Readers = [TriageRoles.Partner, TriageRoles.Approver, TriageRoles.Admin];
    private static readonly string[] Approvers = [TriageRoles.Approver];
    private static readonly string[] ApproversAndAdmins = [TriageRoles.Approver, TriageRoles.Admin];
    private static readonly string[] Admins = [TriageRoles.Admin];

    public static readonly IReadOnlyList<ApiRoute> All =
    [
        new(RouteNames.Health, "GET", RouteTemplates.Health, Anyone, null, typeof(HealthView), 200,
            "Liveness, and whether storage and the Durable Task engine answer (503 when one does not).", SystemEndpoints.HealthAsync)
        { ExtraStatuses = [503] },
        new(RouteNames.OpenApi, "GET", RouteTemplates.OpenApi, Anyone, null, null, 200,
            "This API's OpenAPI 3 description, generated from the route table.", SystemEndpoints.OpenApiAsync),
        new(RouteNames.CreateQuote, "POST", RouteTemplates.Quotes, PartnersAndAdmins, typeof(SubmitRequestInput), typeof(QuoteView), 200,
            "Eligibility, estimate and whether funds could cover it now; starts and reserves nothing. Admins name the partner.", RequestEndpoints.QuoteAsync),
        new(RouteNames.SubmitRequest, "POST", RouteTemplates.Requests, Partners, typeof(SubmitRequestInput), typeof(SubmitAccepted), 202,
            "Submits a request and starts its triage. The same Idempotency-Key again returns the same request (200); with another body, 409.", RequestEndpoints.SubmitAsync)
        {
            Parameters = [new("Idempotency-Key", "header", "Makes a retried submission return the first one's request (1-128 visible ASCII characters).")],
            ExtraStatuses = [200, 409],
        },
        new(RouteNames.ListRequests, "GET", RouteTemplates.Requests, PartnersAndAdmins, null, typeof(RequestPage), 200,
            "Requests, newest first, paged. Partners see their own only.", RequestEndpoints.ListAsync)
        {
            Parameters =
            [
                new("stage", "query", "Received, Screening, Costing, Funding, AwaitingFunds, AwaitingApproval, Finalizing or Completed."),
                new("outcome", "query", "Approved, Rejected, Ineligible, Unfunded, Expired, Withdrawn or Failed."),
                new("partner", "query", "ISO 3166 alpha-3 code (admins; a partner may only name its own)."),
                new("from", "query", "Submitted at or after (ISO 8601).", "date-time"),
                new("to", "query", "Submitted before (ISO 8601).", "date-time"),
                new("continuation", "query", "The continuation of the previous page."),
                new("pageSize", "query", "1-200, default 50.", "int32"),
            ],
        },
        new(RouteNames.GetRequest, "GET", RouteTemplates.Request, Readers, null, typeof(RequestView), 200,
            "Stage, outcome, eligibility, estimate, funding plan, approvals and timeline. Another partner's request is 404.", RequestEndpoints.GetAsync),
        new(RouteNames.WithdrawRequest, "POST", RouteTemplates.Withdraw, Partners, null, typeof(CommandAccepted), 202,
            "Withdraws an open request of the caller's partner; its reservation is released.", RequestEndpoints.WithdrawAsync)
        { ExtraStatuses = [409] },
        new(RouteNames.DecideStep, "POST", RouteTemplates.Decision, Approvers, typeof(DecisionInput), typeof(CommandAccepted), 202,
            "Approves or rejects the step the request is at; only an approver holding the step may. First decision wins (409 after).", RequestEndpoints.DecideAsync)
        { ExtraStatuses = [409] },
        new(RouteNames.ListFunds, "GET", RouteTemplates.Funds, ApproversAndAdmins, null, typeof(IReadOnlyList<FundView>), 200,
            "Trust fund balances.", FundEndpoints.ListAsync),
        new(RouteNames.RecordContribution, "POST", RouteTemplates.Contributions, Admins, typeof(ContributionInput), typeof(FundView), 200,
            "Records a contribution to a trust fund and wakes requests waiting for funds.", FundEndpoints.ContributeAsync)
        { ExtraStatuses = [409] },
        new(RouteNames.GetInstanceHistory, "GET", RouteTemplates.InstanceHistory, Admins, null, typeof(InstanceHistoryView), 200,
            "The orchestration instance and its history events (when the backend exposes them).", AdminEndpoints.HistoryAsync),
        new(RouteNames.SuspendInstance, "POST", RouteTemplates.InstanceSuspend, Admins, null, typeof(CommandAccepted), 202,
            "Suspends a running orchestration.", AdminEndpoints.SuspendAsync)
        { ExtraStatuses = [409] },
        new(RouteNames.ResumeInstance, "POST", RouteTemplates.InstanceResume, Admins, null, typeof(CommandAccepted), 202,
            "Resumes a suspended orchestration.", AdminEndpoints.ResumeAsync)
        { ExtraStatuses = [409] },
        new(RouteNames.TerminateInstance, "POST", RouteTemplates.InstanceTerminate, Admins, null, typeof(CommandAccepted), 202,
            "Terminates a running or suspended orchestration.", AdminEndpoints.TerminateAsync)
        { ExtraStatuses = [409] },
        new(RouteNames.RestartInstance, "POST", RouteTemplates.InstanceRestart, Admins, null, typeof(CommandAccepted), 202,
            "Restarts a finished orchestration with its original input and the same instance id.", AdminEndpoints.RestartAsync)
        { ExtraStatuses = [409] },
        new(RouteNames.PurgeInstance, "DELETE", RouteTemplates.Instance, Admins, null, null, 204,
            "Purges a finished orchestration's history from the Durable Task store (the request record stays).", AdminEndpoints.PurgeAsync)
        { ExtraStatuses = [409] },
        new(RouteNames.DemandReport, "GET", RouteTemplates.DemandReport, Admins, null, typeof(DemandReport), 200,
            "Demand vs funding per area and partner: requested, funded, shortfall.", FundEndpoints.DemandAsync),
    ];

    private static readonly Dictionary<string, ApiRoute> ByName = All.ToDictionary(r => r.Name, StringComparer.Ordinal);

    public static ApiRoute? Find(string name) => ByName.GetValueOrDefault(name);
}
