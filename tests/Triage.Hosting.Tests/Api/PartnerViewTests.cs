using System.Net;
using System.Text.Json.Nodes;

namespace Triage.Hosting.Tests.Api;

/// <summary>GET /api/requests/{id}: the owning partner sees its request without approvers' identities,
/// staff comments or refused decision attempts; admins and approvers see all of it.</summary>
[Collection(ApiCollection.Name)]
public sealed class PartnerViewTests(ApiHostFixture api)
{
    private const string StaffComment = "Staff only: conditions barely permit";

    [Fact]
    public async Task PartnerView_HasNoApprovers_NoStaffComments_NoRefusedAttempts_StaffViewsHaveThem()
    {
        var id = await api.SubmitAsync();
        await api.WaitForPendingStepAsync(id, ApiHostFixture.FirstLibyaStep);
        var path = $"/api/requests/{id}/decisions/{ApiHostFixture.FirstLibyaStep}";
        using (var refused = await api.SendAsync(HttpMethod.Post, path, Persona.ApproverWithoutStep, new JsonObject { ["decision"] = "reject", ["comment"] = "not mine" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var approved = await api.SendAsync(HttpMethod.Post, path, Persona.ApproverWithStep, new JsonObject { ["decision"] = "approve", ["comment"] = StaffComment }))
        {
            Assert.Equal(HttpStatusCode.Accepted, approved.StatusCode);
        }

        var admin = await WaitForApprovedAsync(id);
        var partner = await ViewAsync(id, Persona.PartnerLby);
        var approver = await ViewAsync(id, Persona.ApproverWithoutStep);

        foreach (var staff in new[] { admin, approver })
        {
            var step = Step(staff);
            Assert.Equal(("approver-with", StaffComment), (step["approver"]!.GetValue<string>(), step["comment"]!.GetValue<string>()));
            Assert.Contains(Timeline(staff), t => t["kind"]!.GetValue<string>() == "decision-refused");
            Assert.Contains("approver-with", staff.ToJsonString(), StringComparison.Ordinal);
        }

        var mine = Step(partner);
        Assert.Equal("Approved", mine["status"]!.GetValue<string>());
        Assert.Null(mine["approver"]);
        Assert.Null(mine["comment"]);
        Assert.DoesNotContain(Timeline(partner), t => t["kind"]!.GetValue<string>() == "decision-refused");
        Assert.Contains(Timeline(partner), t => t["kind"]!.GetValue<string>() == "decision" && t["detail"]!.GetValue<string>() == $"{ApiHostFixture.FirstLibyaStep}: approve");
        var text = partner.ToJsonString();
        foreach (var secret in new[] { "approver-with", "approver-without", "Staff only", "not mine", "(by " })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    private async Task<JsonObject> WaitForApprovedAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonObject view;
        do
        {
            view = await ViewAsync(id, Persona.Admin);
            if (Step(view)["status"]!.GetValue<string>() == "Approved")
            {
                return view;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"{ApiHostFixture.FirstLibyaStep} of {id} was never approved: {view.ToJsonString()}");
        return view;
    }

    private async Task<JsonObject> ViewAsync(string id, Persona persona)
    {
        using var response = await api.SendAsync(HttpMethod.Get, $"/api/requests/{id}", persona);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await ApiHostFixture.ReadJsonAsync(response))!.AsObject();
    }

    private static JsonNode Step(JsonObject view) =>
        view["approvals"]!.AsArray().Single(a => a!["step"]!.GetValue<string>() == ApiHostFixture.FirstLibyaStep)!;

    private static IEnumerable<JsonNode> Timeline(JsonObject view) => view["timeline"]!.AsArray().Select(t => t!);
}
