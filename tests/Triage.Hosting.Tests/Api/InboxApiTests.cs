using System.Net;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;

namespace Triage.Hosting.Tests.Api;

/// <summary>
/// <c>GET /api/inbox</c> on the real self-host: an approver sees the requests waiting at the steps they
/// hold, oldest first and paged, an approver holding other steps does not, an admin sees every step, and a
/// decided step leaves the inbox.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class InboxApiTests(ApiHostFixture api)
{
    [Fact]
    public async Task Inbox_ShowsTheStepsTheCallerHolds_OldestFirst_AndADecidedStepLeaves()
    {
        var first = await api.SubmitAsync();
        await api.WaitForPendingStepAsync(first, ApiHostFixture.FirstLibyaStep);
        var second = await api.SubmitAsync();
        await api.WaitForPendingStepAsync(second, ApiHostFixture.FirstLibyaStep);

        var holder = await AllAsync(Persona.ApproverWithStep, pageSize: 2);
        var other = await AllAsync(Persona.ApproverWithoutStep);
        var admin = await AllAsync(Persona.Admin);

        var mine = holder.Where(i => Id(i) == first || Id(i) == second).ToList();
        Assert.Equal([first, second], mine.Select(Id));
        Assert.All(mine, i =>
        {
            Assert.Equal(ApiHostFixture.FirstLibyaStep, i["step"]!.GetValue<string>());
            Assert.Equal("LBY", i["partner"]!.GetValue<string>());
            Assert.False(i["escalated"]!.GetValue<bool>());
            Assert.False(i["asDeputy"]!.GetValue<bool>());
            Assert.True(i["deadline"]!.GetValue<DateTimeOffset>() > i["reminderAt"]!.GetValue<DateTimeOffset>());
            Assert.True(i["reminderAt"]!.GetValue<DateTimeOffset>() > i["since"]!.GetValue<DateTimeOffset>());
            Assert.True(i["estimateEur"]!.GetValue<decimal>() > 0);
        });
        var since = holder.Select(i => i["since"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(since.Order(), since);
        Assert.True(holder.Count == holder.Select(i => $"{Id(i)}/{i["step"]}").Distinct().Count(), string.Join("\n", holder.Select(i => i.ToJsonString())));
        Assert.DoesNotContain(other, i => Id(i) == first);
        Assert.Contains(admin, i => Id(i) == first);

        using (var approve = await api.SendAsync(HttpMethod.Post, $"/api/requests/{first}/decisions/{ApiHostFixture.FirstLibyaStep}", Persona.ApproverWithStep, new JsonObject { ["decision"] = "approve" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);
        }

        await api.WaitForPendingStepAsync(first, "desk-officer");
        var after = await AllAsync(Persona.ApproverWithStep);
        Assert.DoesNotContain(after, i => Id(i) == first && i["step"]!.GetValue<string>() == ApiHostFixture.FirstLibyaStep);
        Assert.Contains(after, i => Id(i) == first && i["step"]!.GetValue<string>() == "desk-officer");
        Assert.Contains(after, i => Id(i) == second);
    }

    [Fact]
    public async Task Inbox_Pages_WithoutRepeatsOrGaps()
    {
        await api.WaitForPendingStepAsync(await api.SubmitAsync(), ApiHostFixture.FirstLibyaStep);
        await api.WaitForPendingStepAsync(await api.SubmitAsync(), ApiHostFixture.FirstLibyaStep);

        var one = await AllAsync(Persona.Admin, pageSize: 1);
        var many = await AllAsync(Persona.Admin, pageSize: 200);

        Assert.True(one.Count >= 2);
        Assert.Equal(many.Select(i => $"{Id(i)}/{i["step"]}"), one.Select(i => $"{Id(i)}/{i["step"]}"));
    }

    [Fact]
    public async Task WithdrawnAndTerminatedRequests_LeaveTheInbox()
    {
        var withdrawn = await api.SubmitAsync();
        var terminated = await api.SubmitAsync();
        await api.WaitForPendingStepAsync(withdrawn, ApiHostFixture.FirstLibyaStep);
        await api.WaitForPendingStepAsync(terminated, ApiHostFixture.FirstLibyaStep);
        Assert.Contains(await AllAsync(Persona.Admin, pageSize: 200), i => Id(i) == withdrawn);

        using (var withdraw = await api.SendAsync(HttpMethod.Post, $"/api/requests/{withdrawn}/withdraw", Persona.PartnerLby))
        using (var terminate = await api.SendAsync(HttpMethod.Post, $"/api/instances/{terminated}/terminate", Persona.Admin))
        {
            Assert.Equal(HttpStatusCode.Accepted, withdraw.StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        }

        foreach (var (id, outcome) in new[] { (withdrawn, "Withdrawn"), (terminated, "Failed") })
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await api.GetRequestAsync(id))["outcome"]?.GetValue<string>() != outcome && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }

            Assert.Equal(outcome, (await api.GetRequestAsync(id))["outcome"]?.GetValue<string>());
        }

        var after = await AllAsync(Persona.Admin, pageSize: 200);
        Assert.DoesNotContain(after, i => Id(i) == withdrawn || Id(i) == terminated);
    }

    [Fact]
    public async Task ARestartedRequest_IsListedOnceAtItsStep()
    {
        // Stopped outside the API while it waits at its first step (nothing closes its row or its inbox
        // entry), then restarted: the new execution opens the same step again, later.
        var id = await api.SubmitAsync();
        await api.WaitForPendingStepAsync(id, ApiHostFixture.FirstLibyaStep);
        var since = await SinceAsync(id);
        await api.Client.TerminateInstanceAsync(id, "stopped outside the API");
        await api.WaitForRuntimeStatusAsync(id, OrchestrationRuntimeStatus.Terminated);
        using (var restart = await api.SendAsync(HttpMethod.Post, $"/api/instances/{id}/restart", Persona.Admin))
        {
            Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        DateTimeOffset? again;
        while (((again = await SinceAsync(id)) is null || again == since) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.NotNull(again);
        Assert.NotEqual(since, again);

        // The index follows the row a moment later (the same activity syncs it after writing the row):
        // listed once all along, then with the new start.
        JsonNode listed;
        while ((listed = Assert.Single(await AllAsync(Persona.Admin, pageSize: 200), i => Id(i) == id))["since"]!.GetValue<DateTimeOffset>() != again
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.Equal(again, listed["since"]!.GetValue<DateTimeOffset>());
    }

    [Theory]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?pageSize=201", "pageSize")]
    [InlineData("?continuation=not-a-key", "continuation")]
    [InlineData("?step=asg-p", "step")]
    public async Task Inbox_BadQuery_Is400NamingIt(string query, string field)
    {
        using var response = await api.SendAsync(HttpMethod.Get, "/api/inbox" + query, Persona.ApproverWithStep);
        var problem = (await ApiHostFixture.ReadJsonAsync(response))!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(problem["errors"]![field]);
    }

    private static string Id(JsonNode item) => item["id"]!.GetValue<string>();

    /// <summary>When the request's first step opened, as its row says (null before it did, or while a
    /// restarted execution has not reached it).</summary>
    private async Task<DateTimeOffset?> SinceAsync(string id) =>
        (await api.GetRequestAsync(id))["approvals"]!.AsArray().FirstOrDefault(a => a!["step"]!.GetValue<string>() == ApiHostFixture.FirstLibyaStep)?["since"]?.GetValue<DateTimeOffset?>();

    private async Task<List<JsonNode>> AllAsync(Persona persona, int pageSize = 50)
    {
        var items = new List<JsonNode>();
        string? continuation = null;
        do
        {
            var query = $"?pageSize={pageSize}" + (continuation is null ? "" : "&continuation=" + Uri.EscapeDataString(continuation));
            using var response = await api.SendAsync(HttpMethod.Get, "/api/inbox" + query, persona);
            var page = (await ApiHostFixture.ReadJsonAsync(response))!;
            Assert.True(response.StatusCode == HttpStatusCode.OK, page.ToJsonString());
            items.AddRange(page["items"]!.AsArray()!.Select(i => i!));
            continuation = page["continuation"]?.GetValue<string>();
        }
        while (continuation is not null);
        return items;
    }
}
