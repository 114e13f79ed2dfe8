using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SemSrDashboard.Tests.EndToEnd;

/// <summary>In a real browser: the theme follows the system's colour-scheme preference (also when it changes while
/// the page is open) until the user picks one; the pick survives a reload. Screenshots go to test-output/.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ThemeEndToEndTests
{
    [Fact]
    public async Task The_theme_follows_the_system_until_picked_and_the_pick_survives_a_reload()
    {
        await using var app = await DashboardApp.StartAsync();
        await using var browser = await ChromiumSession.StartAsync();
        var page = browser.Page;
        var toLight = page.GetByLabel("Switch to the light theme");
        var toDark = page.GetByLabel("Switch to the dark theme");
        try
        {
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
            await page.GotoAsync(app.Url);
            await browser.WaitForInteractiveAsync(app);
            await Expect(toLight).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 });
            await browser.ScreenshotAsync("30-theme-system-dark.png");

            // The system switches to light while the page is open: the page follows (nothing picked yet).
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Light });
            await Expect(toDark).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 });

            // Pick dark, then reload under a light system: the pick wins.
            await toDark.ClickAsync();
            await Expect(toLight).ToBeVisibleAsync();
            await page.ReloadAsync();
            await browser.WaitForInteractiveAsync(app);
            await Expect(toLight).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 });
            Assert.Equal("dark", await page.EvaluateAsync<string>("() => localStorage.getItem('semsr-theme')"));
            await browser.ScreenshotAsync("31-theme-picked-dark-after-reload.png");
        }
        catch
        {
            await browser.ScreenshotAsync("failure-theme.png", fullPage: true);
            throw;
        }
    }
}
