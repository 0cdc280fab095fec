using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Triage.Browser.Tests;

/// <summary>An approver deciding from the inbox, and an admin's contribution waking a request that waits for funds.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ApprovalAndFundsTests(DashboardFixture dashboard)
{
    [Fact]
    public async Task AsgPApprover_ApprovesIraqFromTheInbox_AndSeesTheOutcomeChange()
    {
        await using var context = await dashboard.NewContextAsync();
        var page = await dashboard.SignInAsync(context, "approver", steps: ["asg-p"], subject: "asg.p@nato.int");

        // An approver lands on the inbox; Iraq's request (€3.5M, two steps) waits for the ASG-P.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Inbox", Exact = true })).ToBeVisibleAsync();
        var card = page.Locator($"li[data-request='{dashboard.Demo["IRQ"]}'][data-step='asg-p']");
        await Expect(card).ToContainTextAsync("Expanded training and counter-IED");
        await DashboardFixture.ScreenshotAsync(page, "inbox");

        // Rejecting without a comment is refused on the page, before anything is sent.
        await card.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
        await Expect(card.GetByRole(AriaRole.Alert)).ToContainTextAsync("needs a comment");

        await card.GetByLabel("Comment on asg-p (required to reject)").FillAsync("Approved by the ASG-P in a browser test.");
        await card.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(card.GetByRole(AriaRole.Status)).ToContainTextAsync("outcome Approved", new() { Timeout = 30_000 });

        await card.GetByRole(AriaRole.Link, new() { Name = dashboard.Demo["IRQ"] }).ClickAsync();
        await Expect(page.Locator("[data-field=outcome]")).ToHaveTextAsync("Approved");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "asg-p" }).First).ToContainTextAsync("asg.p@nato.int");
        await DashboardFixture.ScreenshotAsync(page, "request-iraq-approved");
    }

    [Fact]
    public async Task Contribution_MovesARequestWaitingForFundsOn()
    {
        // Switzerland asks for more than the common budget line has free: the request waits for funds.
        var id = await dashboard.SubmitAsync("CHE", "Officer education, large", "education-and-training", 200, 30);
        var waiting = await dashboard.WaitForRequestAsync(id, r => (string?)r["stage"] == "AwaitingFunds");
        var shortfall = waiting["funding"]!["shortfallEur"]!.GetValue<decimal>();
        Assert.True(shortfall > 0);

        await using var context = await dashboard.NewContextAsync();
        var page = await dashboard.SignInAsync(context, "admin");
        await page.GotoAsync($"{dashboard.DashboardUrl}#/requests/{id}");
        await Expect(page.Locator("[data-field=stage]")).ToHaveTextAsync("AwaitingFunds");

        await page.GetByRole(AriaRole.Link, new() { Name = "Funds", Exact = true }).ClickAsync();
        var form = page.Locator("form", new() { HasText = "Record a contribution" });
        await form.GetByLabel("Fund").SelectOptionAsync("partnership-common");
        await form.GetByLabel("Amount (EUR, whole euros)").FillAsync((shortfall + 1000).ToString(CultureInfo.InvariantCulture));
        await form.GetByLabel("Contributor").FillAsync("Browser test nation");
        await form.GetByRole(AriaRole.Button, new() { Name = "Record contribution" }).ClickAsync();
        await Expect(form.GetByRole(AriaRole.Status)).ToContainTextAsync("Recorded €");
        await DashboardFixture.ScreenshotAsync(page, "funds-after-contribution");

        // The request takes the money and goes on to its approvals.
        await page.GotoAsync($"{dashboard.DashboardUrl}#/requests/{id}");
        await ReloadUntilAsync(page, page.Locator("[data-field=stage]"), "AwaitingApproval");
        await Expect(page.Locator("table", new() { HasText = "Funds that pay" })).ToContainTextAsync("partnership-common");
    }

    private static async Task ReloadUntilAsync(IPage page, ILocator locator, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if ((await locator.TextContentAsync())?.Trim() == text)
            {
                return;
            }

            await Task.Delay(1000);
            await page.ReloadAsync();
            await locator.WaitForAsync();
        }

        await Expect(locator).ToHaveTextAsync(text);
    }
}
