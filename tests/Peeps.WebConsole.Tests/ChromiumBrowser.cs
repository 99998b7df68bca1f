using Microsoft.Playwright;

namespace Peeps.WebConsole.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download). A missing browser is a failure with the fix
/// in the message, never a silent skip: these tests are the only check that the console works at all.
/// </summary>
public static class ChromiumBrowser
{
    public const string ExecutablePath = "/usr/bin/chromium";

    // Playwright's LaunchAsync already gives every launch a new, empty user-data-dir (it rejects --user-data-dir).
    private static readonly string[] Args =
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ];

    /// <param name="extraArgs">Flags beyond the usual ones, for a test that needs a browser set up differently.</param>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync(params string[] extraArgs)
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException(
                $"Chromium is not installed at {ExecutablePath}; the console browser tests need it. " +
                "Install it with: apt-get update && apt-get install -y --no-install-recommends chromium (.ci/run does this when run as root).");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = [.. Args, .. extraArgs],
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
