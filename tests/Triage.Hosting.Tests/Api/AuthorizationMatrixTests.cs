using Triage.Application;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Triage.Api;

namespace Triage.Hosting.Tests.Api;

/// <summary>
/// Every route × every caller → the expected status, against the real self-host. Calls that change
/// state get a request of their own in the state the call needs (open, waiting at the approver's step,
/// suspended, terminated); the others share one open LBY request.
/// Longer than most test files on purpose: the whole matrix of routes × callers reads best in one place.
/// One set for both hosts: <see cref="SelfHostAuthorizationMatrixTests"/> runs it against the self-host,
/// <see cref="FunctionsHost.FunctionsHostAuthorizationMatrixTests"/> against the Functions app under the harness.
/// </summary>
public abstract class AuthorizationMatrixTests(ApiHostFixture api)
{
    private static readonly Persona[] Columns = Enum.GetValues<Persona>();

    // Columns: none, bad signature, expired, wrong audience, unsigned (alg none),
    //          partner LBY, partner IRQ, approver with the step, approver without it, admin.
    private static readonly Dictionary<string, string> Expected = new()
    {
        [RouteNames.Health] = "200 200 200 200 200  200 200 200 200 200",
        [RouteNames.OpenApi] = "200 200 200 200 200  200 200 200 200 200",
        [RouteNames.CreateQuote] = "401 401 401 401 401  200 200 403 403 200",
        [RouteNames.SubmitRequest] = "401 401 401 401 401  202 202 403 403 403",
        [RouteNames.ListRequests] = "401 401 401 401 401  200 200 403 403 200",
        [RouteNames.GetRequest] = "401 401 401 401 401  200 404 200 200 200",
        [RouteNames.WithdrawRequest] = "401 401 401 401 401  202 404 403 403 403",
        [RouteNames.DecideStep] = "401 401 401 401 401  403 403 202 403 403",
        [RouteNames.ListFunds] = "401 401 401 401 401  403 403 200 200 200",
        [RouteNames.RecordContribution] = "401 401 401 401 401  403 403 403 403 200",
        [RouteNames.GetInstanceHistory] = "401 401 401 401 401  403 403 403 403 200",
        [RouteNames.SuspendInstance] = "401 401 401 401 401  403 403 403 403 202",
        [RouteNames.ResumeInstance] = "401 401 401 401 401  403 403 403 403 202",
        [RouteNames.TerminateInstance] = "401 401 401 401 401  403 403 403 403 202",
        [RouteNames.RestartInstance] = "401 401 401 401 401  403 403 403 403 202",
        [RouteNames.PurgeInstance] = "401 401 401 401 401  403 403 403 403 204",
        [RouteNames.DemandReport] = "401 401 401 401 401  403 403 403 403 200",
        [RouteNames.PipelineReport] = "401 401 401 401 401  403 403 403 403 200",
        [RouteNames.RunReconciliation] = "401 401 401 401 401  403 403 403 403 200",
        [RouteNames.ListInbox] = "401 401 401 401 401  403 403 200 200 200",
        [RouteNames.GetReferenceData] = "401 401 401 401 401  403 403 403 403 200",
        [RouteNames.OpenFund] = "401 401 401 401 401  403 403 403 403 201",
        [RouteNames.CloseFund] = "401 401 401 401 401  403 403 403 403 200",
        [RouteNames.ChangePartnerStatus] = "401 401 401 401 401  403 403 403 403 200",
        [RouteNames.ReplaceRateCard] = "401 401 401 401 401  403 403 403 403 200",
        [RouteNames.ReplaceApprovers] = "401 401 401 401 401  403 403 403 403 200",
        [RouteNames.ListReferenceDataAudit] = "401 401 401 401 401  403 403 403 403 200",
        [RouteNames.Dashboard] = "200 200 200 200 200  200 200 200 200 200",
        [RouteNames.DashboardAsset] = "200 200 200 200 200  200 200 200 200 200",
    };

    public static TheoryData<string, Persona> Cells()
    {
        var data = new TheoryData<string, Persona>();
        foreach (var route in ApiRoutes.All)
        {
            foreach (var persona in Columns)
            {
                data.Add(route.Name, persona);
            }
        }

        return data;
    }

    [Fact]
    public void Matrix_CoversEveryRouteAndPersona()
    {
        Assert.Equal(ApiRoutes.All.Select(r => r.Name).Order(), Expected.Keys.Order());
        Assert.All(Expected.Values, row => Assert.Equal(Columns.Length, Row(row).Length));
    }

    [Theory]
    [MemberData(nameof(Cells), MemberType = typeof(AuthorizationMatrixTests))]
    public async Task Route_Persona_AnswersExpectedStatus(string routeName, Persona persona)
    {
        var route = ApiRoutes.Find(routeName)!;
        var expected = Row(Expected[routeName])[Array.IndexOf(Columns, persona)];
        var path = await PathForAsync(route, persona, expected);

        using var response = await api.SendAsync(new HttpMethod(route.Method), path, persona, BodyFor(route, persona));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == expected, $"{route.Method} {path} as {persona}: expected {expected}, got {(int)response.StatusCode} {text}");
        if (expected >= 400)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(text)!;
            Assert.Equal(expected, problem["status"]!.GetValue<int>());
            Assert.False(string.IsNullOrEmpty(problem["type"]?.GetValue<string>()));
            Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()));
        }

        if (expected == 401)
        {
            Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ListRequests_AsPartner_ShowsOwnRequestsOnly()
    {
        var lby = await api.SubmitAsync(Persona.PartnerLby);
        var irq = await api.SubmitAsync(Persona.PartnerIrq, ApiHostFixture.SmallRequest(title: "Iraq officer training"));

        var asIrq = await ListIdsAsync(Persona.PartnerIrq, "");
        var asAdmin = await ListIdsAsync(Persona.Admin, "?pageSize=200");
        var irqNamingLby = await api.SendAsync(HttpMethod.Get, "/api/requests?partner=LBY", Persona.PartnerIrq);

        Assert.Contains(irq, asIrq);
        Assert.DoesNotContain(lby, asIrq);
        Assert.Contains(lby, asAdmin);
        Assert.Equal(HttpStatusCode.Forbidden, irqNamingLby.StatusCode);
    }

    [Fact]
    public async Task Submit_PartnerInBodyDifferentFromToken_IsForbiddenAndWritesNothing()
    {
        var before = await api.RequestRowsAsync();
        using var response = await api.SendAsync(HttpMethod.Post, "/api/requests", Persona.PartnerIrq, ApiHostFixture.SmallRequest("LBY"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before.Count, (await api.RequestRowsAsync()).Count);
    }

    [Fact]
    public async Task Decide_StepTheRequestIsNotAt_IsConflict()
    {
        var id = await api.SubmitAsync();
        await api.WaitForPendingStepAsync(id, ApiHostFixture.FirstLibyaStep);

        // The approver holds desk-officer, but the request waits for the political review first.
        using var response = await api.SendAsync(HttpMethod.Post, $"/api/requests/{id}/decisions/desk-officer", Persona.ApproverWithStep,
            new JsonObject { ["decision"] = "approve", ["comment"] = "too early" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Decide_StepNotHeld_IsForbidden_BeforeTheRequestIsLookedUp()
    {
        // The decide use case checks the token's steps first: an unknown request tells this approver nothing more.
        using var response = await api.SendAsync(HttpMethod.Post, $"/api/requests/LBY-20260101-000000000000/decisions/{ApiHostFixture.FirstLibyaStep}", Persona.ApproverWithoutStep,
            new JsonObject { ["decision"] = "approve" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Decide_SecondDecisionOnSameStep_IsConflict()
    {
        var id = await api.SubmitAsync();
        await api.WaitForPendingStepAsync(id, ApiHostFixture.FirstLibyaStep);
        var path = $"/api/requests/{id}/decisions/{ApiHostFixture.FirstLibyaStep}";

        using var first = await api.SendAsync(HttpMethod.Post, path, Persona.ApproverWithStep, new JsonObject { ["decision"] = "approve" });
        using var second = await api.SendAsync(HttpMethod.Post, path, Persona.ApproverWithStep, new JsonObject { ["decision"] = "reject" });

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);

        // The approver on record is the token's subject.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonNode? step;
        do
        {
            step = (await api.GetRequestAsync(id))["approvals"]!.AsArray().First(a => a!["step"]!.GetValue<string>() == ApiHostFixture.FirstLibyaStep);
            await Task.Delay(200);
        }
        while (step!["status"]!.GetValue<string>() != "Approved" && DateTime.UtcNow < deadline);

        Assert.Equal("Approved", step["status"]!.GetValue<string>());
        Assert.Equal("approver-with", step["approver"]!.GetValue<string>());
    }

    [Fact]
    public async Task Withdraw_EndsWithdrawn_ThenIsConflict()
    {
        var id = await api.SubmitAsync();
        await api.WaitForPendingStepAsync(id, ApiHostFixture.FirstLibyaStep);

        using var first = await api.SendAsync(HttpMethod.Post, $"/api/requests/{id}/withdraw", Persona.PartnerLby);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await api.WaitForRuntimeStatusAsync(id, OrchestrationRuntimeStatus.Completed);
        var view = await api.GetRequestAsync(id);
        Assert.Equal("Withdrawn", view["outcome"]!.GetValue<string>());

        using var again = await api.SendAsync(HttpMethod.Post, $"/api/requests/{id}/withdraw", Persona.PartnerLby);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task PartnerRoleWithoutPartnerClaim_IsForbidden()
    {
        var token = api.Mint(new Triage.Application.Identity.TokenRequest("stray", [Triage.Application.Identity.TriageRoles.Partner]));
        foreach (var (method, path) in new[] { (HttpMethod.Post, "/api/requests"), (HttpMethod.Get, "/api/requests"), (HttpMethod.Post, "/api/quotes") })
        {
            using var message = new HttpRequestMessage(method, path);
            message.Headers.Authorization = new("Bearer", token);
            if (method == HttpMethod.Post)
            {
                message.Content = System.Net.Http.Json.JsonContent.Create(ApiHostFixture.SmallRequest());
            }

            using var response = await api.Http.SendAsync(message);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task UnknownRequest_IsNotFound_ForEveryoneWhoMayRead()
    {
        foreach (var persona in new[] { Persona.PartnerLby, Persona.ApproverWithStep, Persona.Admin })
        {
            using var response = await api.SendAsync(HttpMethod.Get, "/api/requests/LBY-20260101-000000000000", persona);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using var instance = await api.SendAsync(HttpMethod.Get, "/api/instances/LBY-20260101-000000000000/history", Persona.Admin);
        Assert.Equal(HttpStatusCode.NotFound, instance.StatusCode);
    }

    [Fact]
    public async Task AdminOperations_InWrongState_AreConflicts()
    {
        var id = await api.SharedRequestAsync();
        using var resume = await api.SendAsync(HttpMethod.Post, $"/api/instances/{id}/resume", Persona.Admin);
        using var purge = await api.SendAsync(HttpMethod.Delete, $"/api/instances/{id}", Persona.Admin);
        using var restart = await api.SendAsync(HttpMethod.Post, $"/api/instances/{id}/restart", Persona.Admin);

        Assert.Equal(HttpStatusCode.Conflict, resume.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, purge.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, restart.StatusCode);
    }

    [Fact]
    public async Task AdminOperations_FullLifecycle_ThroughTheApi()
    {
        var id = await api.SubmitAsync();
        await api.WaitForRuntimeStatusAsync(id, OrchestrationRuntimeStatus.Running);
        var instance = $"/api/instances/{id}";

        using (var suspend = await api.SendAsync(HttpMethod.Post, $"{instance}/suspend", Persona.Admin))
        {
            // The link to the history is a route the Azure Functions host serves too (not under /api/admin).
            Assert.Equal(HttpStatusCode.Accepted, suspend.StatusCode);
            Assert.Equal($"{instance}/history", suspend.Headers.Location?.OriginalString);
            Assert.Equal($"{instance}/history", (await ApiHostFixture.ReadJsonAsync(suspend))!["statusUrl"]!.GetValue<string>());
        }

        await api.WaitForRuntimeStatusAsync(id, OrchestrationRuntimeStatus.Suspended);
        await ExpectAsync(HttpMethod.Post, $"{instance}/resume", HttpStatusCode.Accepted);
        await api.WaitForRuntimeStatusAsync(id, OrchestrationRuntimeStatus.Running);
        await ExpectAsync(HttpMethod.Post, $"{instance}/terminate", HttpStatusCode.Accepted);
        await api.WaitForRuntimeStatusAsync(id, OrchestrationRuntimeStatus.Terminated);

        var history = await ExpectAsync(HttpMethod.Get, $"{instance}/history", HttpStatusCode.OK);
        Assert.Equal("Terminated", history!["instance"]!["runtimeStatus"]!.GetValue<string>());
        Assert.True(history["history"] is JsonArray { Count: > 0 } || history["historyUnavailable"] is not null, history.ToJsonString());

        await ExpectAsync(HttpMethod.Delete, instance, HttpStatusCode.NoContent);
        await ExpectAsync(HttpMethod.Get, $"{instance}/history", HttpStatusCode.NotFound);
        await ExpectAsync(HttpMethod.Get, $"/api/requests/{id}", HttpStatusCode.OK);
    }

    [Fact]
    public async Task OpenApi_Served_ParsesAndListsEveryRoute()
    {
        using var response = await api.SendAsync(HttpMethod.Get, "/api/openapi.json", Persona.None);
        var json = await response.Content.ReadAsStringAsync();
        OpenApiTests.AssertDescribesEveryRoute(json);
    }

    private async Task<JsonNode?> ExpectAsync(HttpMethod method, string path, HttpStatusCode expected)
    {
        using var response = await api.SendAsync(method, path, Persona.Admin);
        var body = await ApiHostFixture.ReadJsonAsync(response);
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {body?.ToJsonString()}");
        return body;
    }

    private async Task<string[]> ListIdsAsync(Persona persona, string query)
    {
        using var response = await api.SendAsync(HttpMethod.Get, "/api/requests" + query, persona);
        response.EnsureSuccessStatusCode();
        var page = await ApiHostFixture.ReadJsonAsync(response);
        return page!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToArray();
    }

    private static int[] Row(string row) => row.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();

    private async Task<string> PathForAsync(ApiRoute route, Persona persona, int expected)
    {
        if (!route.PathParameters.Any())
        {
            return route.Path;
        }

        if (route.Name == RouteNames.DashboardAsset)
        {
            return route.Path.Replace("{asset}", "app.js", StringComparison.Ordinal);
        }

        // A call that succeeds changes the request, so it gets its own; the rest share one.
        var mutating = route.Method != "GET" && expected is >= 200 and < 300;
        string id = route.Name switch
        {
            RouteNames.RecordContribution => await FundIdAsync(),
            RouteNames.CloseFund when mutating => await OpenMatrixFundAsync(),
            RouteNames.ChangePartnerStatus => MatrixPartner,
            _ when !mutating => await api.SharedRequestAsync(),
            RouteNames.DecideStep => await AtFirstStepAsync(),
            RouteNames.ResumeInstance => await InStateAsync(OrchestrationRuntimeStatus.Suspended),
            RouteNames.RestartInstance or RouteNames.PurgeInstance => await InStateAsync(OrchestrationRuntimeStatus.Terminated),
            _ => await api.SubmitAsync(),
        };

        return route.Path.Replace("{id}", id, StringComparison.Ordinal).Replace("{step}", ApiHostFixture.FirstLibyaStep, StringComparison.Ordinal);
    }

    private async Task<string> AtFirstStepAsync()
    {
        var id = await api.SubmitAsync();
        await api.WaitForPendingStepAsync(id, ApiHostFixture.FirstLibyaStep);
        return id;
    }

    private async Task<string> InStateAsync(OrchestrationRuntimeStatus status)
    {
        var id = await api.SubmitAsync();
        await api.WaitForRuntimeStatusAsync(id, OrchestrationRuntimeStatus.Running);
        if (status == OrchestrationRuntimeStatus.Suspended)
        {
            await api.Client.SuspendInstanceAsync(id, "matrix setup");
        }
        else
        {
            await api.Client.TerminateInstanceAsync(id, "matrix setup");
        }

        await api.WaitForRuntimeStatusAsync(id, status);
        return id;
    }

    private async Task<string> FundIdAsync()
    {
        using var response = await api.SendAsync(HttpMethod.Get, "/api/funds", Persona.Admin);
        response.EnsureSuccessStatusCode();
        return (await ApiHostFixture.ReadJsonAsync(response))!.AsArray()[0]!["id"]!.GetValue<string>();
    }

    // Reference data changes the other tests do not feel: a partner set to the status it has, a fund
    // for it alone in one area, the shipped rate card and directory saved again as they are.
    private const string MatrixPartner = "NZL";

    private async Task<string> OpenMatrixFundAsync()
    {
        var fund = MatrixFund();
        using var response = await api.SendAsync(HttpMethod.Post, "/api/reference-data/funds", Persona.Admin, fund);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return fund["id"]!.GetValue<string>();
    }

    private static JsonObject MatrixFund() => new()
    {
        ["id"] = "matrix-" + Guid.NewGuid().ToString("N")[..8],
        ["name"] = "Matrix test fund",
        ["leadNations"] = new JsonArray(),
        ["partners"] = new JsonArray(MatrixPartner),
        ["groups"] = new JsonArray(),
        ["areas"] = new JsonArray("logistics"),
        ["capacityEur"] = 1000,
    };

    private static JsonObject ShippedFile(string name) =>
        JsonNode.Parse(Triage.Domain.ReferenceData.EmbeddedFiles().Single(f => f.FileName == name).Json)!.AsObject();

    private static JsonObject? BodyFor(ApiRoute route, Persona persona) => route.Name switch
    {
        RouteNames.OpenFund => MatrixFund(),
        RouteNames.ChangePartnerStatus => new JsonObject { ["status"] = "active", ["reason"] = "matrix" },
        RouteNames.ReplaceRateCard => ShippedFile("rate-card.json"),
        RouteNames.ReplaceApprovers => ShippedFile("approvers.json"),
        RouteNames.CreateQuote or RouteNames.SubmitRequest => persona switch
        {
            Persona.PartnerIrq => ApiHostFixture.SmallRequest(title: "Iraq officer training"),
            Persona.Admin => ApiHostFixture.SmallRequest("LBY"),
            _ => ApiHostFixture.SmallRequest(),
        },
        RouteNames.DecideStep => new JsonObject { ["decision"] = "approve", ["comment"] = "matrix" },
        RouteNames.RecordContribution => new JsonObject { ["amountEur"] = 1000, ["contributor"] = "Matrix test", ["note"] = null },
        _ => null,
    };
}
