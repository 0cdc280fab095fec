using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Triage.Storage;

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

        using var terminate = await api.SendAsync(HttpMethod.Post, $"/api/instances/{id}/terminate", Persona.Admin);

        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        var view = await api.GetRequestAsync(id);
        Assert.Equal("Completed", view["stage"]!.GetValue<string>());
        Assert.Equal("Failed", view["outcome"]!.GetValue<string>());

        // Its money went back. Read the ledger: the fund's total moves with the other tests' requests too.
        var ledger = api.Host.Services.GetRequiredService<FundLedgerStore>();
        var holding = Assert.Single(await ledger.HoldingsAsync(id, [fund], CancellationToken.None));
        Assert.Equal((HoldingState.Released, amount), (holding.State, holding.AmountEur));
    }
}
