using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Triage.Hosting.Tests.Api;

/// <summary>Bad input is refused with a problem naming each field, before anything is written.</summary>
[Collection(ApiCollection.Name)]
public sealed class ValidationTests(ApiHostFixture api)
{
    [Fact]
    public async Task EmptyObject_NamesEveryMissingField()
    {
        var problem = await PostAsync("/api/requests", "{}", HttpStatusCode.BadRequest);
        Assert.Equal("urn:triage:problem:validation", problem["type"]!.GetValue<string>());
        var errors = problem["errors"]!.AsObject().Select(e => e.Key).Order().ToList();
        Assert.Equal(["contact", "items", "requestedStart", "summary", "title"], errors);
    }

    [Fact]
    public async Task EveryBadField_IsNamedByPath()
    {
        var body = ApiHostFixture.SmallRequest();
        body["requestedStart"] = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd");
        body["items"] = new JsonArray(
            new JsonObject { ["area"] = "education-and-training", ["participants"] = 5, ["weeks"] = 2, ["location"] = "in-country" },
            new JsonObject { ["area"] = "counter-ied", ["participants"] = 0, ["weeks"] = 999, ["location"] = "moon" });
        body["contact"] = new JsonObject { ["name"] = "", ["email"] = "not-an-email" };

        var problem = await PostAsync("/api/requests", body.ToJsonString(), HttpStatusCode.BadRequest);

        var errors = problem["errors"]!.AsObject().Select(e => e.Key).Order().ToList();
        Assert.Equal(["contact.email", "contact.name", "items[1].location", "items[1].participants", "items[1].weeks", "requestedStart"], errors);
    }

    [Theory]
    [InlineData("{\"title\":\"x\",\"colour\":\"red\"}", "colour", "unknown property")]
    [InlineData("{\"contact\":{\"name\":\"n\",\"email\":\"e@x.org\",\"phone\":\"1\"}}", "contact.phone", "unknown property")]
    [InlineData("{\"items\":[{\"participants\":\"5\"}]}", "items[0].participants", "whole number")]
    [InlineData("{\"items\":{}}", "items", "an array")]
    [InlineData("{\"requestedStart\":\"31/12/2027\"}", "requestedStart", "YYYY-MM-DD")]
    [InlineData("{\"title\":\"a\",\"title\":\"b\"}", "title", "more than once")]
    public async Task ShapeErrors_NameTheField(string json, string field, string message)
    {
        var problem = await PostAsync("/api/requests", json, HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), problem.ToJsonString());
        Assert.Contains(message, errors[field]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedJson_IsBadRequest()
    {
        var problem = await PostAsync("/api/requests", "{\"title\": \"x\",", HttpStatusCode.BadRequest);
        Assert.Equal("urn:triage:problem:malformed-json", problem["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task OversizedBody_IsTooLarge_WithOrWithoutContentLength()
    {
        var big = "{\"title\":\"" + new string('a', 70 * 1024) + "\"}";
        await PostAsync("/api/requests", big, HttpStatusCode.RequestEntityTooLarge);

        using var message = api.Request(HttpMethod.Post, "/api/requests", Persona.PartnerLby);
        message.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        message.Content.Headers.ContentType = new("application/json");
        message.Headers.TransferEncodingChunked = true;
        using var response = await api.Http.SendAsync(message);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/json; charset=iso-8859-1")]
    public async Task WrongContentType_IsUnsupported(string contentType)
    {
        using var message = api.Request(HttpMethod.Post, "/api/requests", Persona.PartnerLby);
        message.Content = new StringContent(ApiHostFixture.SmallRequest().ToJsonString());
        message.Content.Headers.Remove("Content-Type");
        message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await api.Http.SendAsync(message);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("{\"decision\":\"maybe\"}", "decision")]
    [InlineData("{}", "decision")]
    [InlineData("{\"decision\":\"approve\",\"comment\":\"\\u0000\"}", "comment")]
    public async Task BadDecision_IsBadRequest(string json, string field)
    {
        var problem = await PostAsync($"/api/requests/LBY-20260101-000000000000/decisions/{ApiHostFixture.FirstLibyaStep}", json, HttpStatusCode.BadRequest, Persona.ApproverWithStep);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Theory]
    [InlineData("{\"amountEur\":0,\"contributor\":\"x\"}", "amountEur")]
    [InlineData("{\"amountEur\":10.5,\"contributor\":\"x\"}", "amountEur")]
    [InlineData("{\"amountEur\":1e20,\"contributor\":\"x\"}", "amountEur")]
    [InlineData("{\"amountEur\":100}", "contributor")]
    public async Task BadContribution_IsBadRequest(string json, string field)
    {
        var problem = await PostAsync("/api/funds/any-fund/contributions", json, HttpStatusCode.BadRequest, Persona.Admin);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Theory]
    [InlineData("?stage=Nowhere", "stage")]
    [InlineData("?outcome=Maybe", "outcome")]
    [InlineData("?partner=Libya", "partner")]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?from=2026-02-01&to=2026-01-01", "to")]
    [InlineData("?pageSize=100000", "pageSize")]
    public async Task BadQuery_IsBadRequest(string query, string field)
    {
        using var response = await api.SendAsync(HttpMethod.Get, "/api/requests" + query, Persona.Admin);
        var problem = (await ApiHostFixture.ReadJsonAsync(response))!;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Theory]
    [InlineData("?from=0001-01-01", "from")]
    [InlineData("?from=1600-12-31T23:59:59Z", "from")]
    [InlineData("?to=1000-06-01", "to")]
    [InlineData("?from=0001-01-01T00:00:00%2B00:00&to=0001-01-02", "from")]
    [InlineData("?to=9999-12-31T23:59:59Z", "to")]
    [InlineData("?from=5000-01-01", "from")]
    public async Task QueryDates_OutsideWhatStorageHolds_AreBadRequest_NamingTheField(string query, string field)
    {
        // Azure Tables holds no DateTime before 1601-01-01 UTC and refuses such a filter, which came
        // back as a 500; Azurite lets it through (200), so the check has to be the API's own.
        using var response = await api.SendAsync(HttpMethod.Get, "/api/requests" + query, Persona.Admin);
        var problem = (await ApiHostFixture.ReadJsonAsync(response))!;
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {problem.ToJsonString()}");
        Assert.Equal("urn:triage:problem:validation", problem["type"]!.GetValue<string>());
        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
    }

    [Theory]
    [InlineData("?from=1601-01-01T00:00:00Z")]
    [InlineData("?to=2999-12-31")]
    public async Task QueryDates_AtTheEdgesOfTheRange_AreAccepted(string query)
    {
        using var response = await api.SendAsync(HttpMethod.Get, "/api/requests" + query + "&pageSize=1", Persona.Admin);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [InlineData("/api/requests", "0001-01-01")]
    [InlineData("/api/requests", "1600-12-31")]
    [InlineData("/api/requests", "9999-12-31")]
    [InlineData("/api/quotes", "0001-01-01")]
    [InlineData("/api/quotes", "9999-12-31")]
    public async Task BodyDates_OutsideTheRange_AreBadRequest_NamingTheField(string path, string date)
    {
        var body = ApiHostFixture.SmallRequest();
        body["requestedStart"] = date;
        var problem = await PostAsync(path, body.ToJsonString(), HttpStatusCode.BadRequest);
        Assert.Equal(["requestedStart"], problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task GoodQuery_Filters()
    {
        var id = await api.SubmitAsync();
        using var response = await api.SendAsync(HttpMethod.Get, $"/api/requests?partner=lby&from={DateTime.UtcNow.AddHours(-1):O}&pageSize=200", Persona.Admin);
        response.EnsureSuccessStatusCode();
        var page = (await ApiHostFixture.ReadJsonAsync(response))!;
        Assert.Contains(id, page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.All(page["items"]!.AsArray(), i => Assert.Equal("LBY", i!["partner"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("/api/requests/..%2F..%2Fetc")]
    [InlineData("/api/requests/%20")]
    [InlineData("/api/requests/LBY-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("/api/requests/a%3Cscript%3E")]
    public async Task ImpossibleIds_AreNotFound(string path)
    {
        using var response = await api.SendAsync(HttpMethod.Get, path, Persona.Admin);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task UnknownPathOrMethod_AnswersProblem()
    {
        using var unknown = await api.SendAsync(HttpMethod.Get, "/api/nothing/here", Persona.None);
        using var wrongMethod = await api.SendAsync(HttpMethod.Put, "/api/requests", Persona.Admin);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal(["GET", "POST"], wrongMethod.Content.Headers.Allow.Order());
    }

    [Fact]
    public async Task QuoteByAdmin_WithoutPartner_NamesPartner()
    {
        var problem = await PostAsync("/api/quotes", ApiHostFixture.SmallRequest().ToJsonString(), HttpStatusCode.BadRequest, Persona.Admin);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("partner"));
    }

    [Fact]
    public async Task Quote_WritesNothing()
    {
        var before = await api.RequestRowsAsync();
        var instances = await api.InstancesAsync();
        using var response = await api.SendAsync(HttpMethod.Post, "/api/quotes", Persona.PartnerLby, ApiHostFixture.SmallRequest());
        var quote = (await ApiHostFixture.ReadJsonAsync(response))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(quote["estimate"]!["totalEur"]!.GetValue<decimal>() > 0);
        Assert.Equal(before.Count, (await api.RequestRowsAsync()).Count);
        Assert.Equal(instances.Count, (await api.InstancesAsync()).Count);
    }

    private async Task<JsonNode> PostAsync(string path, string json, HttpStatusCode expected, Persona persona = Persona.PartnerLby)
    {
        using var message = api.Request(HttpMethod.Post, path, persona);
        message.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await api.Http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!;
    }
}
