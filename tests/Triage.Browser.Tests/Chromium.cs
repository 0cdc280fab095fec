using Microsoft.Playwright;

namespace Triage.Browser.Tests;

/// <summary>
/// The system's Chromium (the Debian package <c>chromium</c>; <c>CHROMIUM_PATH</c> overrides), launched
/// headless by Playwright's driver. Playwright's own browser download needs Microsoft's servers, so the
/// tests never use it; <c>.ci/run</c> installs the package when it is missing.
/// </summary>
internal static class Chromium
{
    private static readonly string[] Names = ["chromium", "chromium-browser", "google-chrome"];

    // No sandbox (containers run as root), no GPU, and none of the background traffic a first run makes.
    private static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Path(), Headless = true, Args = Args });

    private static string Path()
    {
        var configured = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => Names.Select(name => System.IO.Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
        return found ?? throw new InvalidOperationException(
            "No Chromium found on PATH (chromium, chromium-browser or google-chrome). Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.");
    }
}
