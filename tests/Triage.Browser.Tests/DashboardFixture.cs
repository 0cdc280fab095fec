using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Playwright;
using Triage.HostCommon.Storage;
using Triage.Storage;
using Triage.Testing;

namespace Triage.Browser.Tests;

/// <summary>
/// One self-host process for the collection, started with <c>--demo</c> on the session's Azurite (its own
/// table/queue prefix and task hub) and a development key of its own, so the dashboard offers its
/// development sign-in, with approval steps escalated after 15 s; and one headless Chromium. Each test opens its own browser context (1280×800,
/// British English, Brussels time) and leaves a screenshot under TestResults/screenshots.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private readonly string keyFolder = Directory.CreateTempSubdirectory("triage-browser-").FullName;
    private readonly string prefix = $"b{Guid.NewGuid():N}"[..12];
    private readonly string hub = $"br{Guid.NewGuid():N}"[..16];
    private IPlaywright? playwright;

    public SelfHostProcess Host { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string DashboardUrl => new Uri(Host.ApiAddress, "api/dashboard").ToString();

    /// <summary>The demo's requests by partner code (LBY, IRQ, JOR, GEO, RUS).</summary>
    public IReadOnlyDictionary<string, string> Demo { get; private set; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        Host = new SelfHostProcess(
            "--demo",
            "--Durable:Backend=Azure",
            $"--Durable:TaskHubName={hub}",
            $"--Storage:NamePrefix={prefix}",
            $"--Auth:DevelopmentKeyFile={Path.Combine(keyFolder, "dev-signing-key")}",
            "--ReferenceData:RefreshInterval=00:00:01",
            // Every step escalates to its deputies 15 s after it starts; none expires during the run.
            "--Policy:StepDeadline=1.00:00:00",
            "--Policy:Reminder=00:00:15",
            "--Workflow:StepTimerInterval=00:00:01",
            "--Logging:LogLevel:Default=Warning");
        await Host.StartAsync(TimeSpan.FromSeconds(120));
        Http = new HttpClient { BaseAddress = Host.ApiAddress, Timeout = TimeSpan.FromSeconds(60) };
        Demo = await WaitForDemoAsync();

        Assertions.SetDefaultExpectTimeout(20_000);
        playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(playwright);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        Http?.Dispose();
        await Host.DisposeAsync();
        await DeleteStorageAsync();
        Directory.Delete(keyFolder, recursive: true);
    }

    /// <summary>A fresh browser context (no session storage) at 1280×800, or as wide as asked.</summary>
    public Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 800) => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = width, Height = height },
        Locale = "en-GB",
        TimezoneId = "Europe/Brussels",
    });

    /// <summary>Opens the dashboard and signs in through its development sign-in form, as a person would.</summary>
    public async Task<IPage> SignInAsync(IBrowserContext context, string role, string? partner = null, string[]? steps = null, string? subject = null)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(DashboardUrl);
        var form = page.Locator("form.dev");
        await Assertions.Expect(form.GetByText("development only")).ToBeVisibleAsync();
        await form.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync(role);
        if (partner is not null)
        {
            await form.GetByLabel("Partner (for the partner role)").SelectOptionAsync(partner);
        }

        foreach (var step in steps ?? [])
        {
            await form.GetByLabel(step, new() { Exact = true }).CheckAsync();
        }

        if (subject is not null)
        {
            await form.GetByLabel("Subject (who you are; optional)").FillAsync(subject);
        }

        await form.GetByRole(AriaRole.Button, new() { Name = "Mint a development token and sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>A token from the self-host's development sign-in route.</summary>
    public async Task<string> TokenAsync(string role, string? partner = null, string[]? steps = null, string? subject = null)
    {
        using var response = await Http.PostAsJsonAsync("api/dev/tokens", new { roles = new[] { role }, partner, steps, sub = subject });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!["token"]!.GetValue<string>();
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body)> CallAsync(HttpMethod method, string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, $"api/{path}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text));
    }

    /// <summary>Submits a request as <paramref name="partner"/>, as the partner's own system would.</summary>
    public async Task<string> SubmitAsync(string partner, string title, string area, int participants, int weeks, string location = "in-country")
    {
        var token = await TokenAsync("partner", partner);
        var (status, body) = await CallAsync(HttpMethod.Post, "requests", token, new
        {
            title,
            summary = $"{title}, submitted by a browser test.",
            items = new[] { new { area, participants, weeks, location } },
            requestedStart = DateTime.UtcNow.AddDays(60).ToString("yyyy-MM-dd"),
            contact = new { name = "Liaison", email = "liaison@example.org" },
        });
        Assert.True(status == HttpStatusCode.Accepted, body?.ToJsonString());
        return body!["id"]!.GetValue<string>();
    }

    /// <summary>Waits until <paramref name="done"/> holds for the request as the admin sees it.</summary>
    public async Task<JsonNode> WaitForRequestAsync(string id, Func<JsonNode, bool> done, TimeSpan? timeout = null)
    {
        var admin = await TokenAsync("admin");
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var (status, body) = await CallAsync(HttpMethod.Get, $"requests/{id}", admin);
            if (status == HttpStatusCode.OK && done(body!))
            {
                return body!;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Request {id} did not get there: {body?.ToJsonString()}");
            await Task.Delay(300);
        }
    }

    /// <summary>A screenshot of the page under this project's TestResults/screenshots (not committed).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(RepositoryRoot.Find(), "tests", "Triage.Browser.Tests", "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
    }

    // The demo submits five requests and moves some along: Jordan approved, Iraq at the ASG-P, Libya in
    // political review, Georgia with the desk officer, Russia ineligible.
    private async Task<IReadOnlyDictionary<string, string>> WaitForDemoAsync()
    {
        var admin = await TokenAsync("admin");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            var items = await ListRequestsAsync(admin);
            var iraq = items.FirstOrDefault(i => i["partner"]!.GetValue<string>() == "IRQ");
            var jordan = items.FirstOrDefault(i => i["partner"]!.GetValue<string>() == "JOR");
            if (items.Count >= 5 && (string?)iraq?["pendingStep"] == "asg-p" && (string?)jordan?["outcome"] == "Approved")
            {
                return items.ToDictionary(i => i["partner"]!.GetValue<string>(), i => i["id"]!.GetValue<string>());
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The demo did not reach its stages: {string.Join(", ", items.Select(i => i.ToJsonString()))}\n{Host.Output}");
            }

            await Task.Delay(500);
        }
    }

    // Every request, page after page (a page may hold fewer than asked and still have a next one).
    private async Task<List<JsonNode>> ListRequestsAsync(string admin)
    {
        var items = new List<JsonNode>();
        string? continuation = null;
        do
        {
            var (_, page) = await CallAsync(HttpMethod.Get, $"requests?pageSize=50{(continuation is null ? "" : $"&continuation={Uri.EscapeDataString(continuation)}")}", admin);
            items.AddRange(page?["items"]?.AsArray().Select(i => i!) ?? []);
            continuation = (string?)page?["continuation"];
        }
        while (continuation is not null);
        return items;
    }

    private async Task DeleteStorageAsync()
    {
        var names = new StorageNames(prefix);
        var tables = new TableServiceClient(Azurite.ConnectionString);
        var queues = new QueueServiceClient(Azurite.ConnectionString);
        foreach (var table in names.AllTables)
        {
            await tables.DeleteTableAsync(table);
        }

        foreach (var queue in names.AllQueues)
        {
            await queues.DeleteQueueAsync(queue);
        }
    }
}
