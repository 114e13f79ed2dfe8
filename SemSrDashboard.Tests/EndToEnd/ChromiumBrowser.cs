using Microsoft.Playwright;

namespace SemSrDashboard.Tests.EndToEnd;

/// <summary>Debian's Chromium, headless, as the browser tests drive it.</summary>
internal static class ChromiumBrowser
{
    public const string Path = "/usr/bin/chromium";

    public static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    /// <summary>Launches the browser; fails with the way to install it when it is missing.</summary>
    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        Assert.True(File.Exists(Path),
            $"Chromium is missing at {Path}: the end-to-end tests need it. Install it with `scripts/setup.sh --with-browser` (apt package chromium).");
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Path, Headless = true, Args = Args });
    }

    /// <summary>The repository's test-output/ folder, where screenshots go.</summary>
    public static string ScreenshotFolder()
    {
        string folder = System.IO.Path.Combine(RepositoryPaths.Root, "test-output");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
