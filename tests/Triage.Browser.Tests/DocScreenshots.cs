using Microsoft.Playwright;
using Triage.HostCommon.Storage;
using static Microsoft.Playwright.Assertions;

namespace Triage.Browser.Tests;

/// <summary>
/// The README's pictures of the dashboard, from the <c>--demo</c> data at 1280×800, on a self-host of
/// their own (the collection's is changed by the other tests):
/// <c>TRIAGE_DOC_SCREENSHOTS=1 dotnet test tests/Triage.Browser.Tests --filter FullyQualifiedName~DocScreenshots</c>.
/// </summary>
public sealed class DocScreenshots
{
    [DocScreenshotsFact]
    public async Task WriteTheReadmePictures()
    {
        var dashboard = new DashboardFixture();
        await dashboard.InitializeAsync();
        try
        {
            var folder = Path.Combine(RepositoryRoot.Find(), "docs", "images");
            Directory.CreateDirectory(folder);
            await using var context = await dashboard.NewContextAsync();

            var admin = await dashboard.SignInAsync(context, "admin");
            await Expect(admin.Locator(".tile[data-name=AwaitingApproval] .count")).Not.ToHaveTextAsync("0");
            await Expect(admin.Locator(".results table")).ToContainTextAsync(dashboard.Demo["LBY"]);
            await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "dashboard-pipeline.png") });

            await admin.GotoAsync($"{dashboard.DashboardUrl}#/demand");
            await Expect(admin.GetByRole(AriaRole.Img)).ToBeVisibleAsync();
            await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "dashboard-demand.png") });
            await admin.CloseAsync();

            await using var approverContext = await dashboard.NewContextAsync();
            var approver = await dashboard.SignInAsync(approverContext, "approver", steps: ["asg-p", "desk-officer"], subject: "asg.p@nato.int");
            await Expect(approver.Locator("ul.inbox li").First).ToBeVisibleAsync();
            await approver.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, "dashboard-inbox.png") });
        }
        finally
        {
            await dashboard.DisposeAsync();
        }
    }
}
