using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Triage.Browser.Tests;

/// <summary>Reference data changed from the dashboard takes effect for what is quoted and screened next.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ReferenceDataTests(DashboardFixture dashboard)
{
    [Fact]
    public async Task OpeningATrustFund_MakesAnUnfundableQuoteFundable()
    {
        await using var context = await dashboard.NewContextAsync();
        var page = await dashboard.SignInAsync(context, "admin");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();

        // Mongolia asks for about €51M of officer education: more than any fund has free.
        await QuoteAsync(page);
        await Expect(page.Locator("[data-field=fundable]")).ToHaveTextAsync("no");

        await page.GetByRole(AriaRole.Link, new() { Name = "Reference data" }).ClickAsync();
        var form = page.Locator("form", new() { HasText = "Open a trust fund" });
        await form.GetByLabel("Id").FillAsync("mongolia-education");
        await form.GetByLabel("Name").FillAsync("Mongolia officer education trust fund");
        await form.GetByLabel("Capacity (EUR)").FillAsync("60000000");
        await form.GetByLabel("Partners (codes, comma-separated)").FillAsync("MNG");
        await form.GetByLabel("education-and-training").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Open fund" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("saved as version");
        await Expect(page.Locator("table", new() { HasText = "Trust funds in this version" })).ToContainTextAsync("mongolia-education");
        await DashboardFixture.ScreenshotAsync(page, "reference-fund-opened");

        // The next quote (the reference data is re-read within a second here) finds the money.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            await QuoteAsync(page);
        }
        while ((await page.Locator("[data-field=fundable]").TextContentAsync()) != "yes" && DateTime.UtcNow < deadline);
        await Expect(page.Locator("[data-field=fundable]")).ToHaveTextAsync("yes");
        await Expect(page.Locator("section[aria-live]")).ToContainTextAsync("mongolia-education");
    }

    [Fact]
    public async Task SuspendingAPartner_RefusesItsNextSubmissionAsIneligible()
    {
        await using var context = await dashboard.NewContextAsync();
        var page = await dashboard.SignInAsync(context, "admin");
        await page.GotoAsync($"{dashboard.DashboardUrl}#/reference");
        var form = page.Locator("form", new() { HasText = "Change status" });
        await form.GetByLabel("Partner").SelectOptionAsync("AUT");
        await form.GetByLabel("New status").SelectOptionAsync("suspended");
        await form.GetByLabel("Reason").FillAsync("Suspended by a browser test.");
        await form.GetByRole(AriaRole.Button, new() { Name = "Change status" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("saved as version");
        await Expect(page.Locator("table", new() { HasText = "Changes, newest first" })).ToContainTextAsync("AUT");

        // Austria's system submits as usual; the request is screened against the new version.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var id = await dashboard.SubmitAsync("AUT", "Cyber defence course", "cyber-defence", 10, 2, "nato-facility");
        await dashboard.WaitForRequestAsync(id, r => r["outcome"] is not null);
        await page.GotoAsync($"{dashboard.DashboardUrl}#/requests/{id}");
        await Expect(page.Locator("[data-field=outcome]")).ToHaveTextAsync("Ineligible");
        await Expect(page.Locator("ul.reasons")).ToContainTextAsync("suspended", new() { IgnoreCase = true });
        await DashboardFixture.ScreenshotAsync(page, "request-suspended-partner");
    }

    private async Task QuoteAsync(IPage page)
    {
        await page.GotoAsync($"{dashboard.DashboardUrl}#/quote");
        var form = page.Locator("form", new() { HasText = "Get a quote" });
        await form.GetByLabel("Partner").FillAsync("MNG");
        await form.GetByLabel("Area").FillAsync("education-and-training");
        await form.GetByLabel("Participants").FillAsync("500");
        await form.GetByLabel("Weeks").FillAsync("52");
        await form.GetByRole(AriaRole.Button, new() { Name = "Get a quote" }).ClickAsync();
        await Expect(page.Locator("[data-field=fundable]")).ToBeVisibleAsync();
    }
}
