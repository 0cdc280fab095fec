using Triage.Application.Identity;
using Triage.Application.UseCases;
using System.Text.Json;
using Triage.Contracts;

namespace Triage.Api;

/// <summary>The route table: every route of the API with its roles, shapes, statuses and handler.</summary>
public static class ApiRoutes
{
    private static readonly string[] Anyone = [];
    private static readonly string[] Partners = [TriageRoles.Partner];
    private static readonly string[] PartnersAndAdmins = [TriageRoles.Partner, TriageRoles.Admin];
    private static readonly string[] Readers = [TriageRoles.Partner, TriageRoles.Approver, TriageRoles.Admin];
    private static readonly string[] Approvers = [TriageRoles.Approver];
    private static readonly string[] ApproversAndAdmins = [TriageRoles.Approver, TriageRoles.Admin];
    private static readonly string[] Admins = [TriageRoles.Admin];

    private static readonly ApiParameter[] PageParameters =
    [
        new("continuation", "query", "The continuation of the previous page."),
        new("pageSize", "query", $"1-{RequestQuery.MaxPageSize}, default {RequestQuery.DefaultPageSize}.", "int32"),
    ];

    private static readonly ApiParameter IfMatch = new("If-Match", "header", "The reference data version the change is made on (its ETag): 412 when another is current. Without it a concurrent change is made again on top.");

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
            "Submits a request and starts its triage. The same Idempotency-Key again returns the same request (200); with another body, 409. "
            + "While the intake backlog is full, 503 with Retry-After and nothing recorded.", RequestEndpoints.SubmitAsync)
        {
            Parameters = [new("Idempotency-Key", "header", "Makes a retried submission return the first one's request (1-128 visible ASCII characters).")],
            ExtraStatuses = [200, 409, 503],
        },
        new(RouteNames.ListRequests, "GET", RouteTemplates.Requests, PartnersAndAdmins, null, typeof(RequestPage), 200,
            "Requests in storage order (by partner, then by id: the day submitted, oldest first), paged. Partners see their own only.", RequestEndpoints.ListAsync)
        {
            Parameters =
            [
                new("stage", "query", "Received, Screening, Costing, Funding, AwaitingFunds, AwaitingApproval, Finalizing or Completed."),
                new("outcome", "query", "Approved, Rejected, Ineligible, Unfunded, Expired, Withdrawn or Failed."),
                new("partner", "query", "ISO 3166 alpha-3 code (admins; a partner may only name its own)."),
                new("from", "query", "Submitted at or after (ISO 8601).", "date-time"),
                new("to", "query", "Submitted before (ISO 8601).", "date-time"),
                new("continuation", "query", "The continuation of the previous page."),
                new("pageSize", "query", $"1-{RequestQuery.MaxPageSize}, default {RequestQuery.DefaultPageSize}.", "int32"),
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
            "Records a contribution to a trust fund and wakes requests waiting for funds. The same Idempotency-Key again answers the same and counts once; with another fund or body, 409.", FundEndpoints.ContributeAsync)
        {
            Parameters = [new("Idempotency-Key", "header", "Makes a retried contribution count once and answer as the first did (1-128 visible ASCII characters).")],
            ExtraStatuses = [409],
        },
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
        new(RouteNames.PipelineReport, "GET", RouteTemplates.PipelineReport, Admins, null, typeof(PipelineReport), 200,
            "Requests per stage and outcome, the ten approvals waiting longest and the ten requests waiting longest for funds (from the stage index; may be up to 5 s old).", FundEndpoints.PipelineAsync),
        new(RouteNames.RunReconciliation, "POST", RouteTemplates.Reconciliations, Admins, null, typeof(ReconciliationReport), 200,
            "Runs the reconciler now: settles every open request whose orchestration is terminated, failed or gone (funds given back, outcome Failed) and answers with what it did.", ReconciliationEndpoints.RunAsync),
        new(RouteNames.Dashboard, "GET", RouteTemplates.Dashboard, Anyone, null, null, 200,
            "The web dashboard for admins and approvers (HTML; it calls this API with the viewer's bearer token).", DashboardEndpoints.PageAsync),
        new(RouteNames.DashboardAsset, "GET", RouteTemplates.DashboardAsset, Anyone, null, null, 200,
            "A file of the dashboard (script, style sheet), or config.json: the OpenID Connect settings it signs in with.", DashboardEndpoints.AssetAsync)
        { ExtraStatuses = [304] },
        new(RouteNames.ListInbox, "GET", RouteTemplates.Inbox, ApproversAndAdmins, null, typeof(InboxPage), 200,
            "The requests waiting at a step the caller holds, or escalated to the caller as a deputy (admins: every step), oldest first, paged.", InboxEndpoints.ListAsync)
        { Parameters = PageParameters },
        new(RouteNames.GetReferenceData, "GET", RouteTemplates.ReferenceData, Admins, null, typeof(ReferenceDataView), 200,
            "The current reference data as stored, its version (also the ETag) and who wrote it.", ReferenceDataEndpoints.GetAsync),
        new(RouteNames.OpenFund, "POST", RouteTemplates.ReferenceDataFunds, Admins, typeof(JsonElement), typeof(ReferenceDataSaved), 201,
            "Opens a trust fund (the body is a fund as in funds.json) as a new version of the reference data; 409 when the id exists.", ReferenceDataEndpoints.OpenFundAsync)
        { Parameters = [IfMatch], ExtraStatuses = [409, 412] },
        new(RouteNames.CloseFund, "POST", RouteTemplates.ReferenceDataFundClose, Admins, null, typeof(ReferenceDataSaved), 200,
            "Closes a trust fund to new reservations (reservations it holds settle as usual), as a new version of the reference data.", ReferenceDataEndpoints.CloseFundAsync)
        { Parameters = [IfMatch], ExtraStatuses = [412] },
        new(RouteNames.ChangePartnerStatus, "PUT", RouteTemplates.ReferenceDataPartnerStatus, Admins, typeof(PartnerStatusInput), typeof(ReferenceDataSaved), 200,
            "Changes a partner's status (active, suspended, conditions-permit) and optionally its framework, as a new version of the reference data.", ReferenceDataEndpoints.PartnerStatusAsync)
        { Parameters = [IfMatch], ExtraStatuses = [412] },
        new(RouteNames.ReplaceRateCard, "PUT", RouteTemplates.ReferenceDataRateCard, Admins, typeof(JsonElement), typeof(ReferenceDataSaved), 200,
            "Replaces the rate card (the body is rate-card.json) as a new version of the reference data.", ReferenceDataEndpoints.RateCardAsync)
        { Parameters = [IfMatch], ExtraStatuses = [412] },
        new(RouteNames.ReplaceApprovers, "PUT", RouteTemplates.ReferenceDataApprovers, Admins, typeof(JsonElement), typeof(ReferenceDataSaved), 200,
            "Replaces the approvers' directory (the body is approvers.json) as a new version of the reference data.", ReferenceDataEndpoints.ApproversAsync)
        { Parameters = [IfMatch], ExtraStatuses = [412] },
        new(RouteNames.ListReferenceDataAudit, "GET", RouteTemplates.ReferenceDataAudit, Admins, null, typeof(AuditPage), 200,
            "Every change of the reference data, newest first: version, when, who, what, summary.", ReferenceDataEndpoints.AuditAsync)
        { Parameters = PageParameters },
    ];

    private static readonly Dictionary<string, ApiRoute> ByName = All.ToDictionary(r => r.Name, StringComparer.Ordinal);

    /// <summary>The HTTP functions the Azure Functions app has for this table: one per route, and the
    /// catch-all <see cref="RouteNames.Unmatched"/> for every other path. The self-host checks them
    /// against the host's rules at start; a test compares them with the generated functions.metadata.</summary>
    public static IReadOnlyList<HttpFunctionRoute> HttpFunctions { get; } = HttpFunctionsOf(All);

    internal static IReadOnlyList<HttpFunctionRoute> HttpFunctionsOf(IEnumerable<ApiRoute> routes) =>
        [.. routes.Select(r => new HttpFunctionRoute(r.Name, r.Template, [r.Method])), new HttpFunctionRoute(RouteNames.Unmatched, RouteTemplates.Unmatched, [])];

    public static ApiRoute? Find(string name) => ByName.GetValueOrDefault(name);
}
