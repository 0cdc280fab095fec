using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Triage.Application.Identity;
using Triage.Contracts;
using Triage.Storage;

namespace Triage.Hosting.Tests.Api;

/// <summary>
/// The product's end-to-end scenarios over HTTP and the queues only, so they run unchanged against any
/// host: Libya through every approval step, Iraq, a rejection, a request beyond every fund woken by a
/// contribution, approvers answering on the <c>approval-decisions</c> queue, and a malformed decision
/// ending in the poison queue (withdrawal and the admin operations are in <see cref="AuthorizationMatrixTests"/>).
/// <see cref="SelfHostEndToEndTests"/> runs them against the self-host,
/// <see cref="FunctionsHost.FunctionsHostEndToEndTests"/> against the Functions app under the harness.
/// </summary>
public abstract class EndToEndScenarios(ApiHostFixture api)
{
    [Fact]
    public async Task Libya_EveryStepApprovedOverHttp_EndsApprovedWithFundsCommitted()
    {
        var id = await api.SubmitAsync(Persona.PartnerLby);
        var steps = await ApproveUntilOutcomeAsync(id);

        var view = await api.GetRequestAsync(id);
        Assert.Equal("Approved", view["outcome"]!.GetValue<string>());
        Assert.Equal(ApiHostFixture.FirstLibyaStep, steps[0]);
        Assert.All(view["approvals"]!.AsArray(), a => Assert.Equal("Approved", a!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Iraq_Approved_WithoutPoliticalReview()
    {
        var id = await api.SubmitAsync(Persona.PartnerIrq, ApiHostFixture.SmallRequest(title: "Iraq officer training"));
        var steps = await ApproveUntilOutcomeAsync(id);

        Assert.Equal("Approved", (await api.GetRequestAsync(id))["outcome"]!.GetValue<string>());
        Assert.DoesNotContain(ApiHostFixture.FirstLibyaStep, steps);
    }

    [Fact]
    public async Task Rejected_AtTheFirstStep_EndsRejected()
    {
        var id = await api.SubmitAsync();
        await api.WaitForPendingStepAsync(id, ApiHostFixture.FirstLibyaStep);
        using var response = await DecideAsync(id, ApiHostFixture.FirstLibyaStep, "reject");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var view = await WaitForOutcomeAsync(id);
        Assert.Equal("Rejected", view["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task QueueDecision_WithTheApproversBearer_ApprovesTheStep()
    {
        var id = await api.SubmitAsync();
        await api.WaitForPendingStepAsync(id, ApiHostFixture.FirstLibyaStep);
        var ask = await ApprovalMessageAsync(id, ApiHostFixture.FirstLibyaStep);
        var bearer = api.Mint(new TokenRequest("queue-approver", [TriageRoles.Approver], Steps: [ApiHostFixture.FirstLibyaStep]));
        var answer = new ApprovalDecisionMessage(id, ask.Step, "approve", "by queue", ask.DecisionToken, bearer);
        await api.Storage.Queue(api.Storage.Names.ApprovalDecisionsQueue).SendMessageAsync(JsonSerializer.Serialize(answer, QueueSender.Json));

        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonNode step;
        do
        {
            await Task.Delay(250);
            step = (await api.GetRequestAsync(id))["approvals"]!.AsArray().First(a => a!["step"]!.GetValue<string>() == ApiHostFixture.FirstLibyaStep)!;
        }
        while (step["status"]!.GetValue<string>() != "Approved" && DateTime.UtcNow < deadline);

        Assert.Equal("Approved", step["status"]!.GetValue<string>());
        Assert.Equal("queue-approver", step["approver"]!.GetValue<string>());
    }

    [Fact]
    public async Task QueueDecision_Malformed_EndsInThePoisonQueue_AfterTheRetries()
    {
        var marker = $"not a decision {Guid.NewGuid():N}";
        await api.Storage.Queue(api.Storage.Names.ApprovalDecisionsQueue).SendMessageAsync(marker);
        var poison = api.Storage.Queue(api.Storage.Names.ApprovalDecisionsPoisonQueue);

        // Five dequeues, each failure visible again after the visibility timeout (host.json: 10 s).
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (await poison.ExistsAsync())
            {
                var peeked = (await poison.PeekMessagesAsync(32)).Value;
                if (peeked.Any(m => m.MessageText == marker))
                {
                    return;
                }
            }

            await Task.Delay(500);
        }

        Assert.Fail($"'{marker}' never reached {poison.Name}.");
    }

    [Fact]
    public async Task BeyondEveryFund_WaitsForFunds_AContributionWakesIt()
    {
        var big = ApiHostFixture.SmallRequest(title: "Training for a whole army");
        big["items"]![0]!["participants"] = 4000;
        big["items"]![0]!["weeks"] = 150;
        var id = await api.SubmitAsync(Persona.PartnerLby, big);
        await WaitForStageAsync(id, "AwaitingFunds");

        using (var funds = await api.SendAsync(HttpMethod.Get, "/api/funds", Persona.Admin))
        {
            foreach (var fund in (await ApiHostFixture.ReadJsonAsync(funds))!.AsArray())
            {
                using var contribution = await api.SendAsync(HttpMethod.Post, $"/api/funds/{fund!["id"]!.GetValue<string>()}/contributions", Persona.Admin,
                    new JsonObject { ["amountEur"] = 100_000_000_000m, ["contributor"] = "End-to-end test", ["note"] = "wakes the waiting request" });
                Assert.Equal(HttpStatusCode.OK, contribution.StatusCode);
            }
        }

        await api.WaitForPendingStepAsync(id, ApiHostFixture.FirstLibyaStep);
        Assert.Equal(0m, (await api.GetRequestAsync(id))["funding"]!["shortfallEur"]!.GetValue<decimal>());
    }

    private async Task WaitForStageAsync(string id, string stage)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonObject view;
        do
        {
            view = await api.GetRequestAsync(id);
            if (view["stage"]?.GetValue<string>() == stage)
            {
                return;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"{id} never reached {stage}: {view.ToJsonString()}");
    }

    /// <summary>Approves whatever step the request waits for, as an approver holding it, until it has an
    /// outcome; returns the steps in the order they were decided.</summary>
    protected async Task<List<string>> ApproveUntilOutcomeAsync(string id)
    {
        var decided = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(150);
        while (DateTime.UtcNow < deadline)
        {
            var view = await api.GetRequestAsync(id);
            if (view["outcome"] is JsonValue)
            {
                return decided;
            }

            var pending = view["stage"]?.GetValue<string>() == "AwaitingApproval"
                ? view["approvals"]!.AsArray().FirstOrDefault(a => a!["status"]!.GetValue<string>() == "Pending")?["step"]?.GetValue<string>()
                : null;
            if (pending is not null && !decided.Contains(pending))
            {
                using var response = await DecideAsync(id, pending, "approve");
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    decided.Add(pending);
                }
            }

            await Task.Delay(250);
        }

        Assert.Fail($"{id} has no outcome after approving {string.Join(", ", decided)}: {(await api.GetRequestAsync(id)).ToJsonString()}");
        return decided;
    }

    private async Task<HttpResponseMessage> DecideAsync(string id, string step, string decision)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, $"/api/requests/{id}/decisions/{step}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new JsonObject { ["decision"] = decision, ["comment"] = "end to end" }),
        };
        message.Headers.Authorization = new("Bearer", api.Mint(new TokenRequest($"{step}@example.org", [TriageRoles.Approver], Steps: [step])));
        return await api.Http.SendAsync(message);
    }

    private async Task<JsonObject> WaitForOutcomeAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonObject view;
        do
        {
            view = await api.GetRequestAsync(id);
            if (view["outcome"] is JsonValue)
            {
                return view;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"{id} has no outcome: {view.ToJsonString()}");
        return view;
    }

    // Received, not deleted: other tests of the collection read the same queue; the message shows again.
    private async Task<ApprovalRequestMessage> ApprovalMessageAsync(string id, string step)
    {
        var queue = api.Storage.Queue(api.Storage.Names.ApprovalRequestsQueue);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var m in (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1))).Value)
            {
                var ask = JsonSerializer.Deserialize<ApprovalRequestMessage>(m.MessageText, QueueSender.Json)!;
                if (ask.RequestId == id && ask.Step == step && !ask.Reminder)
                {
                    return ask;
                }
            }

            await Task.Delay(200);
        }

        Assert.Fail($"No approval-requests message for {id} step {step}.");
        return null!;
    }
}
