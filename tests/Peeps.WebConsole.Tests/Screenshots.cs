using Microsoft.Playwright;

namespace Peeps.WebConsole.Tests;

/// <summary>
/// Screenshots of the main views. They go to the test output folder; with PEEPS_UPDATE_SCREENSHOTS=1 they
/// replace the committed ones in docs/screenshots/ (so ordinary test runs leave the working tree clean).
/// </summary>
public static class Screenshots
{
    public static async Task SaveAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("PEEPS_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(RepositoryRoot(), "docs", "screenshots")
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png") });
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Peeps.Streams.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("cannot find the repository root (Peeps.Streams.sln) above the test output");
    }
}
