using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Triage.Api;
using Triage.Application.Identity;

namespace Triage.Hosting.Tests.Api;

/// <summary>The check the Functions worker middleware runs before a trigger (the Functions host itself
/// cannot run here, so its one-line middleware calls this shared method).</summary>
public sealed class FunctionsMiddlewareTests
{
    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);

    [Theory]
    [InlineData("TriageOrchestration")]
    [InlineData("ApprovalDecisions")]
    [InlineData(RouteNames.Health)]
    [InlineData(RouteNames.OpenApi)]
    public async Task NonApiOrAnonymousFunctions_PassWithoutToken(string function)
    {
        var http = Context(token: null);
        Assert.True(await ApiAuthentication.AdmitAsync(function, http));
        Assert.Equal(200, http.Response.StatusCode);
        Assert.Equal(0, http.Response.Body.Length);
    }

    [Fact]
    public async Task NonHttpInvocation_Passes()
    {
        Assert.True(await ApiAuthentication.AdmitAsync(RouteNames.GetRequest, null));
    }

    [Fact]
    public async Task ProtectedFunction_WithoutValidToken_IsStoppedWith401Problem()
    {
        var forged = DevTokens.Mint(RandomNumberGenerator.GetBytes(32), AuthSettings.DefaultIssuer, AuthSettings.DefaultAudience, new TokenRequest("x", ["admin"]));
        foreach (var token in new[] { null, forged })
        {
            var http = Context(token);
            Assert.False(await ApiAuthentication.AdmitAsync(RouteNames.GetRequest, http));
            Assert.Equal(401, http.Response.StatusCode);
            Assert.StartsWith("Bearer", http.Response.Headers.WWWAuthenticate.ToString(), StringComparison.Ordinal);
            http.Response.Body.Position = 0;
            var problem = JsonNode.Parse(http.Response.Body)!;
            Assert.Equal(401, problem["status"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task ProtectedFunction_WithValidToken_PassesAndSetsUser()
    {
        var token = DevTokens.Mint(key, AuthSettings.DefaultIssuer, AuthSettings.DefaultAudience, new TokenRequest("ada", ["approver"], Steps: ["dsg"]));
        var http = Context(token);
        Assert.True(await ApiAuthentication.AdmitAsync(RouteNames.DecideStep, http));
        Assert.Equal("ada", http.User.FindFirst("sub")?.Value);
    }

    private DefaultHttpContext Context(string? token)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:SigningKey"] = Convert.ToBase64String(key) }).Build();
        var services = new ServiceCollection().AddLogging().AddTriageApi(configuration).AddSingleton<IConfiguration>(configuration).BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Response.Body = new MemoryStream();
        if (token is not null)
        {
            http.Request.Headers.Authorization = "Bearer " + token;
        }

        return http;
    }
}
