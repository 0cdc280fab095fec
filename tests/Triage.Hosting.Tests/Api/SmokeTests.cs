using System.Net;

namespace Triage.Hosting.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class ApiSmokeTests(ApiHostFixture api)
{
    [Fact]
    public async Task Health_Anonymous_ReportsStorageAndEngine()
    {
        using var response = await api.SendAsync(HttpMethod.Get, "/api/health", Persona.None);
        var body = await ApiHostFixture.ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body?.ToJsonString());
        Assert.Equal("ok", body!["storage"]!.GetValue<string>());
        Assert.Equal("ok", body["engine"]!.GetValue<string>());
        Assert.Equal("ok", body["stepTimers"]!.GetValue<string>());
        Assert.Equal("ok", body["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task LibyaSmallRequest_ReachesPoliticalReview()
    {
        var id = await api.SubmitAsync();
        await api.WaitForPendingStepAsync(id, ApiHostFixture.FirstLibyaStep);
    }
}
