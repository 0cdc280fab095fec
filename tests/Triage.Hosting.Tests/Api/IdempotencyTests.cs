using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;

namespace Triage.Hosting.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class IdempotencyTests(ApiHostFixture api)
{
    [Fact]
    public async Task FiftyParallelSubmissions_OneKey_OneRequestOneOrchestration()
    {
        var key = "idem-" + Guid.NewGuid().ToString("N");
        var title = "Idempotent " + key;
        var body = ApiHostFixture.SmallRequest(title: title);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var message = api.Request(HttpMethod.Post, "/api/requests", Persona.PartnerLby, body.DeepClone());
            message.Headers.Add("Idempotency-Key", key);
            using var response = await api.Http.SendAsync(message);
            return (Status: response.StatusCode, Location: response.Headers.Location?.ToString(), Body: await ApiHostFixture.ReadJsonAsync(response));
        }));

        Assert.All(responses, r => Assert.True(r.Status is HttpStatusCode.Accepted or HttpStatusCode.OK, $"{r.Status}: {r.Body?.ToJsonString()}"));
        var ids = responses.Select(r => r.Body!["id"]!.GetValue<string>()).Distinct().ToList();
        var id = Assert.Single(ids);
        Assert.All(responses, r => Assert.Equal($"/api/requests/{id}", r.Location));
        Assert.Single(responses, r => r.Status == HttpStatusCode.Accepted);

        var rows = new List<string>();
        var requests = api.Host.Storage.Table(api.Host.Storage.Names.Requests);
        await foreach (var e in requests.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"LBY"} and Title eq {title}")))
        {
            rows.Add(e.RowKey);
        }

        Assert.Equal([id], rows);
        Assert.NotNull(await api.Client.GetInstanceAsync(id));
        await AssertEveryIndexRowHasItsRequestAsync();
    }

    [Fact]
    public async Task SameKey_DifferentBody_IsConflict_SameBodyLater_IsTheSameRequest()
    {
        var key = "idem-" + Guid.NewGuid().ToString("N");
        var first = await SubmitAsync(key, ApiHostFixture.SmallRequest(title: "First"));
        var again = await SubmitAsync(key, ApiHostFixture.SmallRequest(title: "First"));
        var other = await SubmitAsync(key, ApiHostFixture.SmallRequest(title: "Second"));

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(HttpStatusCode.Conflict, other.Status);
        await AssertEveryIndexRowHasItsRequestAsync();
    }

    [Fact]
    public async Task SameKey_OtherPartner_IsAnotherRequest()
    {
        var key = "idem-" + Guid.NewGuid().ToString("N");
        var lby = await SubmitAsync(key, ApiHostFixture.SmallRequest(), Persona.PartnerLby);
        var irq = await SubmitAsync(key, ApiHostFixture.SmallRequest(), Persona.PartnerIrq);

        Assert.Equal(HttpStatusCode.Accepted, lby.Status);
        Assert.Equal(HttpStatusCode.Accepted, irq.Status);
        Assert.NotEqual(lby.Id, irq.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("two headers")]
    public async Task BadKey_IsRejected_BeforeAnythingIsWritten(string key)
    {
        var before = await api.RequestRowsAsync();
        using var message = api.Request(HttpMethod.Post, "/api/requests", Persona.PartnerLby, ApiHostFixture.SmallRequest());
        if (key == "two headers")
        {
            message.Headers.Add("Idempotency-Key", ["one", "two"]);
        }
        else
        {
            message.Headers.TryAddWithoutValidation("Idempotency-Key", key.Length == 0 ? new string('k', 129) : key);
        }
        using var response = await api.Http.SendAsync(message);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Idempotency-Key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before.Count, (await api.RequestRowsAsync()).Count);
    }

    /// <summary>A submit whose key holds an earlier request writes no index row under an id of its own
    /// (screening reads an entry of the open-requests index as another open request of the partner):
    /// the partner's entries in both indexes each name a request that has its row.</summary>
    private async Task AssertEveryIndexRowHasItsRequestAsync()
    {
        var storage = api.Host.Storage;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in storage.Table(storage.Names.Requests).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"LBY"}"), select: ["RowKey"]))
        {
            ids.Add(e.RowKey);
        }

        await foreach (var e in storage.Table(storage.Names.OpenRequests).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"LBY"}")))
        {
            Assert.Contains(e.RowKey, ids);
        }

        await foreach (var e in storage.Table(storage.Names.RequestsByStage).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Partner eq {"LBY"}")))
        {
            Assert.Contains(e.GetString("RequestId"), ids);
        }
    }

    private async Task<(HttpStatusCode Status, string? Id)> SubmitAsync(string key, JsonObject body, Persona persona = Persona.PartnerLby)
    {
        using var message = api.Request(HttpMethod.Post, "/api/requests", persona, body);
        message.Headers.Add("Idempotency-Key", key);
        using var response = await api.Http.SendAsync(message);
        var json = await ApiHostFixture.ReadJsonAsync(response);
        return (response.StatusCode, json?["id"]?.GetValue<string>());
    }
}
