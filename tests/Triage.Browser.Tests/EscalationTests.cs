using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Triage.Browser.Tests;

/// <summary>A step left undecided past its reminder point: the admin sees it escalated, the deputy finds it in their inbox.</summary>
[Collection(DashboardCollection.Name)]
public sealed class EscalationTests(DashboardFixture dashboard)
{
    [Fact]
    public async Task UndecidedPoliticalReview_IsEscalated_ToTheAsgPAsDeputy()
    {
        var libya = dashboard.Demo["LBY"];
        await using var context = await dashboard.NewContextAsync();
        var admin = await dashboard.SignInAsync(context, "admin");

        // The pipeline polls; Libya's political review escalates 15 s after it started.
        var escalated = admin.Locator("table", new() { HasText = "Escalated steps" });
        await Expect(escalated.Locator("tr", new() { HasText = libya })).ToContainTextAsync("political-review", new() { Timeout = 60_000 });
        await escalated.GetByRole(AriaRole.Link, new() { Name = libya }).ClickAsync();
        var review = admin.GetByRole(AriaRole.Row).Filter(new() { HasText = "political-review" }).First;
        await Expect(review).ToContainTextAsync("escalated");
        await Expect(review).ToContainTextAsync("asg.p@nato.int");
        await Expect(admin.Locator("ol.timeline")).ToContainTextAsync("scalat");
        await DashboardFixture.ScreenshotAsync(admin, "request-libya-escalated");

        // The deputy (the ASG-P, who does not hold the political review) has it in their inbox.
        await using var deputyContext = await dashboard.NewContextAsync();
        var deputy = await dashboard.SignInAsync(deputyContext, "approver", steps: ["asg-p"], subject: "asg.p@nato.int");
        var card = deputy.Locator($"li[data-request='{libya}'][data-step='political-review']");
        await Expect(card).ToContainTextAsync("as deputy");
        await Expect(card).ToContainTextAsync("escalated");
    }
}
