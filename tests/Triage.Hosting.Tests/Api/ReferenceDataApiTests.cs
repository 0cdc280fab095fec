using System.Net;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Triage.Application.Identity;

namespace Triage.Hosting.Tests.Api;

/// <summary>
/// The admin routes of the reference data on the real self-host: a bad change answers 400 naming the
/// field and changes nothing (version, audit log), a change is a new version with an audit entry, stale
/// If-Match is 412, concurrent changes keep each other, and a change takes effect for requests screened
/// after it while a request in flight keeps the version it was screened with. Each test changes partners
/// and funds no other test uses (ARM, AUS, CHE, KOR, NZL).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReferenceDataApiTests(ApiHostFixture api)
{
    [Fact]
    public async Task Get_ShowsEveryPart_WithTheVersionAsETag()
    {
        using var response = await api.SendAsync(HttpMethod.Get, "/api/reference-data", Persona.Admin);
        var body = (await ApiHostFixture.ReadJsonAsync(response))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"\"{body["version"]!.GetValue<int>()}\"", response.Headers.ETag?.ToString());
        Assert.Contains(body["partners"]!.AsArray(), p => p!["code"]!.GetValue<string>() == "LBY");
        Assert.Contains(body["funds"]!.AsArray(), f => f!["id"]!.GetValue<string>() == "dcb");
        Assert.Equal("EUR", body["rateCard"]!["currency"]!.GetValue<string>());
        Assert.Contains(body["approvers"]!.AsArray(), a => a!["id"]!.GetValue<string>() == "desk.officer@nato.int");
        Assert.NotNull(body["approvalPolicy"]!["steps"]);
        Assert.NotEmpty(body["areas"]!.AsArray());
    }

    [Theory]
    [InlineData("capacityEur", -5, "capacityEur")]
    [InlineData("areas", "no-such-area", "areas")]
    [InlineData("partners", "XXX", "partners")]
    [InlineData("colour", "blue", "colour")]
    public async Task OpenFund_Invalid_Is400NamingTheField_AndChangesNothing(string field, object value, string named)
    {
        var before = await CurrentAsync();
        var auditBefore = await AuditAsync();
        var fund = Fund("bad-" + Guid.NewGuid().ToString("N")[..8], "AUS", "logistics", 1000);
        fund[field] = value switch
        {
            int i => i,
            string s when field is "areas" or "partners" => new JsonArray(s),
            string s => s,
            _ => throw new ArgumentOutOfRangeException(nameof(value)),
        };

        using var response = await api.SendAsync(HttpMethod.Post, "/api/reference-data/funds", Persona.Admin, fund);
        var problem = (await ApiHostFixture.ReadJsonAsync(response))!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem["errors"]![named] is JsonArray, problem.ToJsonString());
        Assert.Equal(before["version"]!.GetValue<int>(), (await CurrentAsync())["version"]!.GetValue<int>());
        Assert.Equal(auditBefore[0]!["version"]!.GetValue<int>(), (await AuditAsync())[0]!["version"]!.GetValue<int>());
        Assert.DoesNotContain((await CurrentAsync())["funds"]!.AsArray(), f => f!["id"]!.GetValue<string>() == fund["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReplaceRateCard_Invalid_Is400NamingTheField_AndChangesNothing()
    {
        var before = await CurrentAsync();
        var card = before["rateCard"]!.DeepClone().AsObject();
        card["contingency"] = 7;
        card["areas"]![2]!["setupEur"] = -1;

        using var contingency = await api.SendAsync(HttpMethod.Put, "/api/reference-data/rate-card", Persona.Admin, card);
        card["contingency"] = 0.1;
        using var setup = await api.SendAsync(HttpMethod.Put, "/api/reference-data/rate-card", Persona.Admin, card);

        Assert.Equal(HttpStatusCode.BadRequest, contingency.StatusCode);
        Assert.NotNull((await ApiHostFixture.ReadJsonAsync(contingency))!["errors"]!["contingency"]);
        Assert.Equal(HttpStatusCode.BadRequest, setup.StatusCode);
        Assert.NotNull((await ApiHostFixture.ReadJsonAsync(setup))!["errors"]!["areas[2].setupEur"]);
        Assert.Equal(before["version"]!.GetValue<int>(), (await CurrentAsync())["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task ReplaceApprovers_WithAStepNobodyHolds_Is400()
    {
        var before = await CurrentAsync();
        var directory = new JsonObject
        {
            ["version"] = "test",
            ["approvers"] = new JsonArray(new JsonObject { ["id"] = "desk.officer@nato.int", ["name"] = "Desk officer", ["steps"] = new JsonArray("desk-officer") }),
        };

        using var response = await api.SendAsync(HttpMethod.Put, "/api/reference-data/approvers", Persona.Admin, directory);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("nobody holds", (await ApiHostFixture.ReadJsonAsync(response))!["errors"]!["approvers"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before["version"]!.GetValue<int>(), (await CurrentAsync())["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task OpenFund_IsANewVersion_Audited_AndAnExistingIdIsConflict()
    {
        var id = "new-" + Guid.NewGuid().ToString("N")[..8];
        using var created = await api.SendAsync(HttpMethod.Post, "/api/reference-data/funds", Persona.Admin, Fund(id, "AUS", "logistics", 25_000));
        var saved = (await ApiHostFixture.ReadJsonAsync(created))!;
        using var again = await api.SendAsync(HttpMethod.Post, "/api/reference-data/funds", Persona.Admin, Fund(id, "AUS", "logistics", 1));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(id, saved["fund"]!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var version = saved["version"]!.GetValue<int>();
        var audit = await AuditAsync();
        var entry = audit.Single(e => e!["version"]!.GetValue<int>() == version)!;
        Assert.Equal("admin", entry["by"]!.GetValue<string>());
        Assert.Equal("fund-opened", entry["change"]!.GetValue<string>());
        Assert.Contains(id, entry["summary"]!.GetValue<string>(), StringComparison.Ordinal);

        // Its balance row exists: the fund is listed with its capacity.
        using var funds = await api.SendAsync(HttpMethod.Get, "/api/funds", Persona.Admin);
        var fund = (await ApiHostFixture.ReadJsonAsync(funds))!.AsArray().Single(f => f!["id"]!.GetValue<string>() == id)!;
        Assert.Equal(25_000m, fund["capacityEur"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task CloseFund_UnknownIs404_StaleIfMatchIs412()
    {
        var id = "close-" + Guid.NewGuid().ToString("N")[..8];
        using (var created = await api.SendAsync(HttpMethod.Post, "/api/reference-data/funds", Persona.Admin, Fund(id, "AUS", "logistics", 500)))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var unknown = await api.SendAsync(HttpMethod.Post, "/api/reference-data/funds/no-such-fund/close", Persona.Admin);
        using var stale = api.Request(HttpMethod.Post, $"/api/reference-data/funds/{id}/close", Persona.Admin);
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        using var staleResponse = await api.Http.SendAsync(stale);
        var current = (await CurrentAsync())["version"]!.GetValue<int>();
        using var fresh = api.Request(HttpMethod.Post, $"/api/reference-data/funds/{id}/close", Persona.Admin);
        fresh.Headers.TryAddWithoutValidation("If-Match", $"\"{current}\"");
        using var freshResponse = await api.Http.SendAsync(fresh);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, freshResponse.StatusCode);
        Assert.Equal(current + 1, (await ApiHostFixture.ReadJsonAsync(freshResponse))!["version"]!.GetValue<int>());
        Assert.True((await CurrentAsync())["funds"]!.AsArray().Single(f => f!["id"]!.GetValue<string>() == id)!["closed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ConcurrentChanges_WithoutIfMatch_AreAllKept()
    {
        var ids = Enumerable.Range(0, 6).Select(i => $"many-{i}-" + Guid.NewGuid().ToString("N")[..6]).ToList();

        var responses = await Task.WhenAll(ids.Select(id => api.SendAsync(HttpMethod.Post, "/api/reference-data/funds", Persona.Admin, Fund(id, "AUS", "logistics", 100))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var versions = new List<int>();
        foreach (var r in responses)
        {
            versions.Add((await ApiHostFixture.ReadJsonAsync(r))!["version"]!.GetValue<int>());
            r.Dispose();
        }

        Assert.Equal(ids.Count, versions.Distinct().Count());
        var funds = (await CurrentAsync())["funds"]!.AsArray().Select(f => f!["id"]!.GetValue<string>()).ToHashSet();
        Assert.All(ids, id => Assert.Contains(id, funds));
    }

    [Fact]
    public async Task SuspendedPartner_NextSubmissionIsIneligible_WhileItsRequestInFlightKeepsItsVersion()
    {
        var inFlight = await SubmitAsAsync("ARM");
        await api.WaitForPendingStepAsync(inFlight, "desk-officer");
        var screenedWith = (await api.GetRequestAsync(inFlight))["referenceDataVersion"]!.GetValue<int>();

        using var suspend = await api.SendAsync(HttpMethod.Put, "/api/reference-data/partners/ARM/status", Persona.Admin,
            new JsonObject { ["status"] = "suspended", ["reason"] = "Test: cooperation suspended" });
        var suspendedAt = (await ApiHostFixture.ReadJsonAsync(suspend))!["version"]!.GetValue<int>();
        var next = await SubmitAsAsync("ARM");
        await api.WaitForRuntimeStatusAsync(next, OrchestrationRuntimeStatus.Completed);
        var refused = await api.GetRequestAsync(next);

        Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        Assert.True(suspendedAt > screenedWith);
        Assert.Equal("Ineligible", refused["outcome"]!.GetValue<string>());
        Assert.Contains(refused["eligibility"]!["reasons"]!.AsArray(), r => r!["code"]!.GetValue<string>() == "COOPERATION_SUSPENDED");
        Assert.True(refused["referenceDataVersion"]!.GetValue<int>() >= suspendedAt);

        // The request screened before goes on under the version it was screened with.
        using var approve = await api.SendAsync(HttpMethod.Post, $"/api/requests/{inFlight}/decisions/desk-officer", Persona.ApproverWithStep, new JsonObject { ["decision"] = "approve" });
        Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);
        await api.WaitForRuntimeStatusAsync(inFlight, OrchestrationRuntimeStatus.Completed);
        var approved = await api.GetRequestAsync(inFlight);
        Assert.Equal("Approved", approved["outcome"]!.GetValue<string>());
        Assert.Equal(screenedWith, approved["referenceDataVersion"]!.GetValue<int>());

        var audit = await AuditAsync();
        Assert.Contains(audit, e => e!["version"]!.GetValue<int>() == suspendedAt && e["change"]!.GetValue<string>() == "partner-status"
            && e["summary"]!.GetValue<string>().Contains("ARM: active → suspended", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NewFund_MakesAnUnfundableQuoteFundable_AndClosingItMakesItUnfundableAgain()
    {
        // Military exercises for Korea, bigger than the one fund that pays for them (the common-funded line).
        var quote = ApiHostFixture.SmallRequest("KOR", "A large exercise");
        quote["items"] = new JsonArray(new JsonObject { ["area"] = "military-exercises", ["participants"] = 400, ["weeks"] = 40, ["location"] = "nato-facility" });

        var before = await QuoteAsync(quote);
        var id = "kor-" + Guid.NewGuid().ToString("N")[..8];
        using var created = await api.SendAsync(HttpMethod.Post, "/api/reference-data/funds", Persona.Admin, Fund(id, "KOR", "military-exercises", 500_000_000));
        var after = await QuoteAsync(quote);
        using var closed = await api.SendAsync(HttpMethod.Post, $"/api/reference-data/funds/{id}/close", Persona.Admin);
        var afterClose = await QuoteAsync(quote);

        Assert.False(before["fundableNow"]!.GetValue<bool>(), before.ToJsonString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(after["fundableNow"]!.GetValue<bool>(), after.ToJsonString());
        Assert.Contains(after["funding"]!["plan"]!.AsArray(), l => l!["fundId"]!.GetValue<string>() == id);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.False(afterClose["fundableNow"]!.GetValue<bool>(), afterClose.ToJsonString());
    }

    [Theory]
    [InlineData("{\"status\":\"dormant\",\"reason\":\"x\"}", "status")]
    [InlineData("{\"status\":\"active\",\"reason\":\"\"}", "reason")]
    [InlineData("{\"status\":\"active\",\"reason\":\"x\",\"framework\":\"NATO\"}", "framework")]
    [InlineData("{\"status\":\"active\"}", "reason")]
    public async Task PartnerStatus_Invalid_Is400NamingTheField(string body, string field)
    {
        var before = await CurrentAsync();
        using var message = api.Request(HttpMethod.Put, "/api/reference-data/partners/CHE/status", Persona.Admin);
        message.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await api.Http.SendAsync(message);
        var problem = (await ApiHostFixture.ReadJsonAsync(response))!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem["errors"]?[field] is not null, problem.ToJsonString());
        Assert.Equal(before["version"]!.GetValue<int>(), (await CurrentAsync())["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Audit_PagesNewestFirst()
    {
        using var first = await api.SendAsync(HttpMethod.Get, "/api/reference-data/audit?pageSize=1", Persona.Admin);
        var page = (await ApiHostFixture.ReadJsonAsync(first))!;
        var continuation = page["continuation"]?.GetValue<string>();
        using var second = await api.SendAsync(HttpMethod.Get, $"/api/reference-data/audit?pageSize=1&continuation={continuation}", Persona.Admin);
        using var bad = await api.SendAsync(HttpMethod.Get, "/api/reference-data/audit?continuation=abc", Persona.Admin);

        Assert.Single(page["items"]!.AsArray());
        Assert.NotNull(continuation);
        var next = (await ApiHostFixture.ReadJsonAsync(second))!["items"]!.AsArray();
        Assert.True(next[0]!["version"]!.GetValue<int>() < page["items"]![0]!["version"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var all = await AuditAsync(200);
        Assert.Equal("seed", all[^1]!["change"]!.GetValue<string>());
    }

    private static JsonObject Fund(string id, string partner, string area, long capacity) => new()
    {
        ["id"] = id,
        ["name"] = "Test fund " + id,
        ["leadNations"] = new JsonArray(),
        ["partners"] = new JsonArray(partner),
        ["groups"] = new JsonArray(),
        ["areas"] = new JsonArray(area),
        ["capacityEur"] = capacity,
    };

    private async Task<string> SubmitAsAsync(string partner)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/api/requests") { Content = System.Net.Http.Json.JsonContent.Create(ApiHostFixture.SmallRequest(title: $"{partner} officer training")) };
        message.Headers.Authorization = new("Bearer", api.Mint(new TokenRequest("partner-" + partner.ToLowerInvariant(), [TriageRoles.Partner], Partner: partner)));
        using var response = await api.Http.SendAsync(message);
        var body = (await ApiHostFixture.ReadJsonAsync(response))!;
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body.ToJsonString());
        return body["id"]!.GetValue<string>();
    }

    private async Task<JsonObject> CurrentAsync()
    {
        using var response = await api.SendAsync(HttpMethod.Get, "/api/reference-data", Persona.Admin);
        response.EnsureSuccessStatusCode();
        return (await ApiHostFixture.ReadJsonAsync(response))!.AsObject();
    }

    private async Task<JsonArray> AuditAsync(int pageSize = 50)
    {
        using var response = await api.SendAsync(HttpMethod.Get, $"/api/reference-data/audit?pageSize={pageSize}", Persona.Admin);
        response.EnsureSuccessStatusCode();
        return (await ApiHostFixture.ReadJsonAsync(response))!["items"]!.AsArray();
    }

    private async Task<JsonObject> QuoteAsync(JsonObject body)
    {
        using var response = await api.SendAsync(HttpMethod.Post, "/api/quotes", Persona.Admin, body);
        var json = (await ApiHostFixture.ReadJsonAsync(response))!;
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToJsonString());
        return json.AsObject();
    }
}
