using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Triage.Browser.Tests;

/// <summary>What a partner's token may see of the dashboard: none of the admin views.</summary>
[Collection(DashboardCollection.Name)]
public sealed class AccessTests(DashboardFixture dashboard)
{
    [Fact]
    public async Task PartnerToken_CannotOpenTheAdminViews()
    {
        var token = await dashboard.TokenAsync("partner", "LBY");
        await using var context = await dashboard.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(dashboard.DashboardUrl);
        await page.GetByLabel("Bearer token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        await Expect(page.GetByText("This dashboard is for admins and approvers")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link)).ToHaveCountAsync(0);
        Assert.DoesNotContain(token, page.Url, StringComparison.Ordinal);

        foreach (var (view, label) in new[] { ("pipeline", "Pipeline"), ("demand", "Demand vs funding"), ("reference", "Reference data"), ("funds", "Funds") })
        {
            await page.GotoAsync($"{dashboard.DashboardUrl}#/{view}");
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync($"Not for your sign-in. The {label} view is for the role");
            await Expect(page.GetByRole(AriaRole.Table)).ToHaveCountAsync(0);
        }

        // The API behind them refuses the token too, whatever a page would do.
        foreach (var path in new[] { "reports/demand", "funds", "instances/x/history" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await dashboard.CallAsync(HttpMethod.Get, path, token)).Status);
        }

        await DashboardFixture.ScreenshotAsync(page, "partner-forbidden");
    }

    [Fact]
    public async Task Keyboard_SkipLinkComesFirst_AndEveryFieldHasALabel()
    {
        await using var context = await dashboard.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(dashboard.DashboardUrl);
        await Expect(page.GetByText("development only")).ToBeVisibleAsync();
        await DashboardFixture.ScreenshotAsync(page, "signin");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("document.activeElement.textContent"));
        await AssertEveryFieldLabelledAsync(page, "sign-in");

        page = await dashboard.SignInAsync(context, "admin");
        foreach (var view in new[] { "pipeline", "funds", "quote", "reference", "demand" })
        {
            await page.GotoAsync($"{dashboard.DashboardUrl}#/{view}");
            await Expect(page.Locator("main form, main svg").First).ToBeVisibleAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await AssertEveryFieldLabelledAsync(page, view);
        }
    }

    private static async Task AssertEveryFieldLabelledAsync(IPage page, string view)
    {
        var unlabelled = await page.EvaluateAsync<string[]>(
            "[...document.querySelectorAll('input, select, textarea')].filter(e => e.labels.length === 0).map(e => e.outerHTML)");
        Assert.True(unlabelled.Length == 0, $"{view}: fields without a label: {string.Join(" ", unlabelled)}");
    }

    [Fact]
    public async Task DevelopmentSignIn_RefusesAPartnerWithoutItsCode_NamingTheField()
    {
        using var response = await dashboard.Http.PostAsJsonAsync("api/dev/tokens", new { roles = new[] { "partner" } });
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("ISO 3166", problem["errors"]!["partner"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(problem["token"]);
    }

    [Fact]
    public async Task Demand_ShowsRequestedFundedAndShortfall_OnANarrowScreen()
    {
        await using var context = await dashboard.NewContextAsync(390, 844);
        var page = await dashboard.SignInAsync(context, "admin");
        await page.GotoAsync($"{dashboard.DashboardUrl}#/demand");

        var chart = page.GetByRole(AriaRole.Img, new() { Name = "Requested, funded and shortfall per area" });
        await Expect(chart).ToBeVisibleAsync();
        await Expect(page.Locator("table", new() { HasText = "Per area" })).ToContainTextAsync("ammunition-management");
        await page.GetByLabel("Per", new() { Exact = true }).SelectOptionAsync("partner");
        await Expect(page.Locator("table", new() { HasText = "Per partner" })).ToContainTextAsync("LBY");

        // Nothing wider than the screen but the tables, which scroll inside their own box.
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow}px wider than the screen.");
        await DashboardFixture.ScreenshotAsync(page, "demand-narrow");
    }
}
