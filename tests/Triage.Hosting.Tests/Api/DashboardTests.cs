using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Triage.Hosting.Tests.Api;

/// <summary>
/// The dashboard's files as both hosts serve them (the same handler): media types, a strong ETag that a
/// revalidation answers with 304, a content security policy on the page, config.json from settings; and
/// no development sign-in on a host with a configured signing key (this fixture's).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class DashboardTests(ApiHostFixture api)
{
    [Fact]
    public async Task Page_IsHtml_WithACspAndAStrongETag_AndRevalidatesTo304()
    {
        using var first = await api.SendAsync(HttpMethod.Get, "/api/dashboard", Persona.None);
        var html = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/html", first.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/api/dashboard/app.js", html, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", first.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.True(first.Headers.CacheControl?.NoCache);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/dashboard");
        again.Headers.IfNoneMatch.Add(etag);
        using var revalidated = await api.Http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("app.js", "text/javascript")]
    [InlineData("app.css", "text/css")]
    [InlineData("pipeline.js", "text/javascript")]
    public async Task Assets_HaveTheirMediaType_AndAnETag(string asset, string mediaType)
    {
        using var response = await api.SendAsync(HttpMethod.Get, $"/api/dashboard/{asset}", Persona.None);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100);
    }

    [Fact]
    public async Task EveryModuleTheScriptsImport_IsServed()
    {
        // The modules import each other by relative name; a typo would break the page only in a browser.
        using var app = await api.SendAsync(HttpMethod.Get, "/api/dashboard/app.js", Persona.None);
        var seen = new HashSet<string>(StringComparer.Ordinal) { "app.js" };
        var pending = new Queue<string>([await app.Content.ReadAsStringAsync()]);
        while (pending.TryDequeue(out var script))
        {
            foreach (Match import in ModuleName().Matches(script))
            {
                var name = import.Groups["name"].Value;
                if (seen.Add(name))
                {
                    using var module = await api.SendAsync(HttpMethod.Get, $"/api/dashboard/{name}", Persona.None);
                    Assert.True(module.StatusCode == HttpStatusCode.OK, $"{name}: {(int)module.StatusCode}");
                    pending.Enqueue(await module.Content.ReadAsStringAsync());
                }
            }
        }

        Assert.Contains("pipeline.js", seen);
        Assert.Contains("reference.js", seen);
    }

    [Theory]
    [InlineData("nothing.js")]
    [InlineData("index.html")]
    [InlineData("..%2Fappsettings.json")]
    public async Task UnknownAsset_IsAProblem404(string asset)
    {
        using var response = await api.SendAsync(HttpMethod.Get, $"/api/dashboard/{asset}", Persona.None);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Config_WithoutAnAuthority_OffersNoOpenIdSignIn()
    {
        using var response = await api.SendAsync(HttpMethod.Get, "/api/dashboard/config.json", Persona.None);
        var body = await ApiHostFixture.ReadJsonAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(body!["authority"]);
        Assert.Null(body["clientId"]);
    }

    [Fact]
    public async Task DevelopmentSignIn_IsAbsent_WithAConfiguredSigningKey()
    {
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
        {
            using var request = new HttpRequestMessage(method, "/api/dev/tokens");
            if (method == HttpMethod.Post)
            {
                request.Content = new StringContent("""{"roles":["admin"]}""", MediaTypeHeaderValue.Parse("application/json"));
            }

            using var response = await api.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Null((await ApiHostFixture.ReadJsonAsync(response))!["token"]);
        }
    }

    [GeneratedRegex(@"from '\./(?<name>[a-z-]+\.js)'|import\('\./(?<name>[a-z-]+\.js)'\)|module: '\./(?<name>[a-z-]+\.js)'")]
    private static partial Regex ModuleName();
}
