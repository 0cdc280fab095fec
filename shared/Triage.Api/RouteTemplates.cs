namespace Triage.Api;

/// <summary>
/// Route templates below the <c>/api</c> prefix (host.json <c>extensions.http.routePrefix</c>). No template
/// may start with <c>admin</c> or <c>runtime</c>: the Azure Functions host refuses such routes whatever the
/// prefix (<see cref="HostRouteRules"/>), so the admin operations live under <c>instances</c> and
/// <c>reports</c> and the route table's roles say who may call them.
/// </summary>
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
    public const string InstanceHistory = "instances/{id}/history";
    public const string InstanceSuspend = "instances/{id}/suspend";
    public const string InstanceResume = "instances/{id}/resume";
    public const string InstanceTerminate = "instances/{id}/terminate";
    public const string InstanceRestart = "instances/{id}/restart";
    public const string Instance = "instances/{id}";
    public const string DemandReport = "reports/demand";
    public const string PipelineReport = "reports/pipeline";
    public const string Reconciliations = "reconciliations";
    public const string Dashboard = "dashboard";
    public const string DashboardAsset = "dashboard/{asset}";
    public const string Inbox = "inbox";
    public const string ReferenceData = "reference-data";
    public const string ReferenceDataFunds = "reference-data/funds";
    public const string ReferenceDataFundClose = "reference-data/funds/{id}/close";
    public const string ReferenceDataPartnerStatus = "reference-data/partners/{id}/status";
    public const string ReferenceDataRateCard = "reference-data/rate-card";
    public const string ReferenceDataApprovers = "reference-data/approvers";
    public const string ReferenceDataAudit = "reference-data/audit";

    /// <summary>The Functions app's catch-all (every method): any other path under <c>/api</c> gets the
    /// self-host's 404/405 problem instead of the host's bare 404. Not a route of the table.</summary>
    public const string Unmatched = "{*path}";

    /// <summary>The path of <paramref name="template"/> under <c>/api</c> with its <c>{id}</c> filled in
    /// (escaped), for Location headers and links.</summary>
    public static string PathOf(string template, string id)
    {
        ArgumentNullException.ThrowIfNull(template);
        return $"/{Prefix}/{template.Replace("{id}", Uri.EscapeDataString(id), StringComparison.Ordinal)}";
    }
}
