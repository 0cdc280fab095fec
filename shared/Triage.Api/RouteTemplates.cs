namespace Triage.Api;

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
    public const string Reconciliations = "reconciliations";
}
