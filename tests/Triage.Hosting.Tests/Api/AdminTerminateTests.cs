using System.Net;
using System.Text.Json.Nodes;

namespace Triage.Hosting.Tests.Api;

/// <summary>An admin terminate ends the orchestration before it can settle its reservation; the
/// terminate route settles it instead, so no money stays held by a request that will never finish.</summary>
[Collection(ApiCollection.Name)]
public sealed class AdminTerminateTests(ApiHostFixture api)
{
    [Fact]
    public async Task Terminate_WhileAwaitingApproval_ReleasesTheReservation_AndRecordsFailed()
    {
        var id = await api.SubmitAsync();
        await api.WaitForPendingStepAsync(id, ApiHostFixture.FirstLibyaStep);
        var plan = (await api.GetRequestAsync(id))["funding"]!["plan"]!.AsArray();
        var fund = plan.Single()!["fundId"]!.GetValue<string>();
        var amount = plan.Single()!["amountEur"]!.GetValue<decimal>();
        var reservedBefore = await ReservedAsync(fund);

        using var terminate = await api.SendAsync(HttpMethod.Post, $"/api/instances/{id}/terminate", Persona.Admin);

        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        var view = await api.GetRequestAsync(id);
        Assert.Equal("Completed", view["stage"]!.GetValue<string>());
        Assert.Equal("Failed", view["outcome"]!.GetValue<string>());
        Assert.Equal(reservedBefore - amount, await ReservedAsync(fund));
    }

    private async Task<decimal> ReservedAsync(string fundId)
    {
        using var response = await api.SendAsync(HttpMethod.Get, "/api/funds", Persona.Admin);
        var funds = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        return funds.Single(f => f!["id"]!.GetValue<string>() == fundId)!["reservedEur"]!.GetValue<decimal>();
    }
}
