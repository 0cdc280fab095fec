using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Triage.Api;

namespace Triage.Hosting.Tests.Api;

/// <summary>
/// The Azure Functions host's rules for HTTP functions, as read in its source (ScriptHost.ValidateFunction,
/// ValidateHttpFunction, HttpRoutesConflict, Utility.FunctionNameValidationRegex, FunctionMetadataManager's
/// name order), and the self-host refusing to start on a route table that breaks them.
/// </summary>
public sealed class HostRouteRulesTests
{
    [Theory]
    [InlineData("admin/instances/{id}", true)]
    [InlineData("/Admin/x/", true)]
    [InlineData("administration", true)]     // a plain string prefix, not a segment
    [InlineData("adminreports", true)]
    [InlineData("runtime", true)]
    [InlineData("RUNTIME/webhooks/x", true)]
    [InlineData("instances/{id}", false)]
    [InlineData("reports/admin", false)]
    [InlineData("api/admin", false)]         // the route prefix is not part of the check
    [InlineData("{*path}", false)]
    public void ReservedRoutes_AreThoseStartingWithAdminOrRuntime(string route, bool reserved)
    {
        Assert.Equal(reserved, HostRouteRules.IsReservedRoute(route));
    }

    [Theory]
    [InlineData("Health", true)]
    [InlineData("Z_Unmatched", true)]
    [InlineData("a", true)]
    [InlineData("a-b_c9", true)]
    [InlineData("hosts", true)]
    [InlineData("host", false)]
    [InlineData("HOST", false)]
    [InlineData("1abc", false)]
    [InlineData("_Unmatched", false)]
    [InlineData("a.b", false)]
    [InlineData("", false)]
    public void FunctionNames_FollowTheHostsPattern(string name, bool valid)
    {
        Assert.Equal(valid, HostRouteRules.IsValidFunctionName(name));
    }

    [Fact]
    public void FunctionNames_AreAtMost128Characters()
    {
        Assert.True(HostRouteRules.IsValidFunctionName("a" + new string('b', 127)));
        Assert.False(HostRouteRules.IsValidFunctionName("a" + new string('b', 128)));
    }

    [Fact]
    public void Routes_Conflict_WhenEqualIgnoringCaseAndSlashes_AndMethodsIntersect()
    {
        var get = new HttpFunctionRoute("A", "requests", ["get"]);
        Assert.True(HostRouteRules.RoutesConflict(get, new HttpFunctionRoute("B", "/Requests/", ["GET", "post"])));
        Assert.True(HostRouteRules.RoutesConflict(get, new HttpFunctionRoute("B", "requests", [])));   // no methods: every method
        Assert.False(HostRouteRules.RoutesConflict(get, new HttpFunctionRoute("B", "requests", ["post"])));
        Assert.False(HostRouteRules.RoutesConflict(get, new HttpFunctionRoute("B", "requests/{id}", ["get"])));
        Assert.False(HostRouteRules.RoutesConflict(new HttpFunctionRoute("Z_Unmatched", "{*path}", []), get));
        // No route: the host uses the function's name.
        Assert.True(HostRouteRules.RoutesConflict(new HttpFunctionRoute("requests", null, []), get));
    }

    [Fact]
    public void HostOrder_IsOrdinalIgnoringCase_SoAnUnderscoreAfterZSortsLast()
    {
        string[] names = ["Z_Unmatched", "zz", "SubmitRequest", "ZZZ", "z9", "ApprovalDecisions"];
        Assert.Equal("Z_Unmatched", names.Order(HostRouteRules.HostOrder).Last());
    }

    [Fact]
    public void TheRouteTable_AndItsCatchAll_BreakNoRule()
    {
        Assert.Empty(HostRouteRules.Violations(ApiRoutes.HttpFunctions));
        Assert.Contains(ApiRoutes.HttpFunctions, f => f.Name == RouteNames.Unmatched && f.AllMethods);
    }

    [Fact]
    public void Violations_NameEachBreak_InTheHostsWords()
    {
        HttpFunctionRoute[] functions =
        [
            new("History", "admin/instances/{id}/history", ["get"]),
            new("Status", "runtime/status", ["get"]),
            new("ListA", "requests", ["get"]),
            new("ListB", "Requests/", ["get", "post"]),
            new("host", "hosted", ["get"]),
            new("Twice", "one", ["get"]),
            new("twice", "two", ["get"]),
        ];

        var errors = HostRouteRules.Violations(functions);

        Assert.Contains(errors, e => e.StartsWith("History ", StringComparison.Ordinal) && e.EndsWith(HostRouteRules.BuiltInRouteConflict, StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Status ", StringComparison.Ordinal) && e.EndsWith(HostRouteRules.BuiltInRouteConflict, StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ListB ", StringComparison.Ordinal) && e.EndsWith("The route specified conflicts with the route defined by function 'ListA'.", StringComparison.Ordinal));
        Assert.Contains("'host' is not a valid function name.", errors);
        Assert.Contains("The function or proxy name 'twice' must be unique within the function app.", errors);
        Assert.Equal(5, errors.Count);
    }

    [Fact]
    public void ACatchAll_ThatDoesNotSortLast_HidesTheRoutesAfterIt()
    {
        HttpFunctionRoute[] functions =
        [
            new("A_Unmatched", "{*path}", []),
            new("GetRequest", "requests/{id}", ["get"]),
        ];

        var error = Assert.Single(HostRouteRules.Violations(functions));
        Assert.StartsWith("GetRequest ", error, StringComparison.Ordinal);
        Assert.Contains("never reached", error, StringComparison.Ordinal);
        Assert.Empty(HostRouteRules.Violations([functions[1], functions[0] with { Name = "Z_Unmatched" }]));
    }

    [Fact]
    public void AParameter_TriedBeforeALiteral_HidesIt_ForTheSameMethod()
    {
        // In ASP.NET Core the literal would win by precedence; the Functions host takes name order.
        HttpFunctionRoute byId = new("GetRequest", "requests/{id}", ["get"]);
        Assert.Single(HostRouteRules.Violations([byId, new HttpFunctionRoute("ListMine", "requests/mine", ["get"])]));
        Assert.Empty(HostRouteRules.Violations([byId, new HttpFunctionRoute("ListMine", "requests/mine", ["post"])]));
        Assert.Empty(HostRouteRules.Violations([byId, new HttpFunctionRoute("AListMine", "requests/mine", ["get"])]));
    }

    [Fact]
    public void TheSelfHost_RefusesToMapARouteTableTheFunctionsHostWouldRefuse()
    {
        var admin = ApiRoutes.Find(RouteNames.GetInstanceHistory)! with { Template = "admin/instances/{id}/history" };
        var app = WebApplication.CreateBuilder().Build();

        var refused = Assert.Throws<InvalidOperationException>(() => app.MapTriageApi([.. ApiRoutes.All.Where(r => r.Name != admin.Name), admin]));

        Assert.Contains($"{RouteNames.GetInstanceHistory} (GET admin/instances/{{id}}/history): {HostRouteRules.BuiltInRouteConflict}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSelfHost_MapsTheRealTable()
    {
        var app = WebApplication.CreateBuilder().Build();
        app.MapTriageApi();
        Assert.NotEmpty(((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints));
    }

    [Fact]
    public void AppViolations_HoldEveryFunctionToTheNameRules_AndHttpFunctionsToTheRouteRules()
    {
        HttpFunctionRoute[] http = [new("Health", "health", ["GET"]), new("Reports", "administration/reports", ["GET"])];

        var errors = HostRouteRules.AppViolations(http, ["TriageOrchestration", "host", "health"]);

        Assert.Contains(errors, e => e.StartsWith("Reports (GET administration/reports)", StringComparison.Ordinal) && e.EndsWith(HostRouteRules.BuiltInRouteConflict, StringComparison.Ordinal));
        Assert.Contains("'host' is not a valid function name.", errors);
        Assert.Contains("The function or proxy name 'health' must be unique within the function app.", errors);
        Assert.Equal(3, errors.Count);
        Assert.Empty(HostRouteRules.AppViolations([new("Health", "health", ["GET"])], ["TriageOrchestration", "ScreenRequest"]));
    }
}
