using System.Net;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Triage.Api;
using Triage.Storage;

namespace Triage.Hosting.Tests.Api;

/// <summary>Over HTTP: a contribution retried with its <c>Idempotency-Key</c> counts once and answers
/// the same; the reconciler's route settles a request whose orchestration was terminated outside the API.</summary>
[Collection(ApiCollection.Name)]
public sealed class MoneyApiTests(ApiHostFixture api)
{
    private static string ContributionsPath(string fund) => $"/{RouteTemplates.Prefix}/{RouteTemplates.Contributions.Replace("{id}", fund, StringComparison.Ordinal)}";

    private async Task<(HttpStatusCode Status, string Body)> ContributeAsync(string fund, string? key, decimal amount, string contributor = "Norway")
    {
        using var message = api.Request(HttpMethod.Post, ContributionsPath(fund), Persona.Admin, new JsonObject { ["amountEur"] = amount, ["contributor"] = contributor, ["note"] = null });
        if (key is not null)
        {
            message.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        using var response = await api.Http.SendAsync(message);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonNode> FundAsync(string fund)
    {
        using var response = await api.SendAsync(HttpMethod.Get, "/api/funds", Persona.Admin);
        return (await ApiHostFixture.ReadJsonAsync(response))!.AsArray().Single(f => f!["id"]!.GetValue<string>() == fund)!;
    }

    [Fact]
    public async Task Contribution_SameKeyTwice_SameAnswer_CountedOnce_OtherBodyIsConflict()
    {
        var key = "contribution-" + Guid.NewGuid().ToString("N");
        var before = (await FundAsync("dcb"))["capacityEur"]!.GetValue<decimal>();

        var first = await ContributeAsync("dcb", key, 25_000);
        var again = await ContributeAsync("dcb", key, 25_000);
        var other = await ContributeAsync("dcb", key, 26_000);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(first.Body, again.Body);
        Assert.Equal(before + 25_000, JsonNode.Parse(first.Body)!["capacityEur"]!.GetValue<decimal>());
        Assert.Equal(HttpStatusCode.Conflict, other.Status);
        Assert.Contains("IDEMPOTENCY_KEY_REUSED", other.Body, StringComparison.Ordinal);
        Assert.Equal(before + 25_000, (await FundAsync("dcb"))["capacityEur"]!.GetValue<decimal>());
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("")]
    public async Task Contribution_BadKey_IsBadRequest_AndCountsNothing(string key)
    {
        var before = (await FundAsync("dcb"))["capacityEur"]!.GetValue<decimal>();

        var response = await ContributeAsync("dcb", key.Length == 0 ? new string('k', 129) : key, 1_000);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("Idempotency-Key", response.Body, StringComparison.Ordinal);
        Assert.Equal(before, (await FundAsync("dcb"))["capacityEur"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task Reconciliation_SettlesARequestTerminatedOutsideTheApi_AndSaysSo()
    {
        var id = await api.SubmitAsync();
        await api.WaitForPendingStepAsync(id, ApiHostFixture.FirstLibyaStep);
        var line = (await api.GetRequestAsync(id))["funding"]!["plan"]!.AsArray().Single()!;
        var fund = line["fundId"]!.GetValue<string>();
        var amount = line["amountEur"]!.GetValue<decimal>();
        await api.Client.TerminateInstanceAsync(id, "terminated from the portal");
        await api.WaitForRuntimeStatusAsync(id, OrchestrationRuntimeStatus.Terminated);

        using var response = await api.SendAsync(HttpMethod.Post, $"/{RouteTemplates.Prefix}/{RouteTemplates.Reconciliations}", Persona.Admin);
        var report = await ApiHostFixture.ReadJsonAsync(response);

        Assert.True(response.StatusCode == HttpStatusCode.OK, report?.ToJsonString());
        var settled = report!["settled"]!.AsArray().Single(s => s!["requestId"]!.GetValue<string>() == id)!;
        Assert.Equal("Terminated", settled["instanceStatus"]!.GetValue<string>());
        Assert.Equal(amount, settled["releasedEur"]!.GetValue<decimal>());
        var view = await api.GetRequestAsync(id);
        Assert.Equal(("Completed", "Failed"), (view["stage"]!.GetValue<string>(), view["outcome"]!.GetValue<string>()));
        // Its money went back (the fund's balance moves with the other tests' requests too: read the ledger).
        var ledger = api.Host.Services.GetRequiredService<FundLedgerStore>();
        var holding = Assert.Single(await ledger.HoldingsAsync(id, [fund], CancellationToken.None));
        Assert.Equal((HoldingState.Released, amount), (holding.State, holding.AmountEur));
    }
}
