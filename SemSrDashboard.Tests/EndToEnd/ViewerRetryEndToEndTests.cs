using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SemSrDashboard.Tests.Inspection;
using static Microsoft.Playwright.Assertions;

namespace SemSrDashboard.Tests.EndToEnd;

/// <summary>In a real browser: the image page's viewer script fails to load (the request is dropped); the page lives
/// on with the reason and Retry above the viewer, zoom clicks do not end the circuit, and once the script can load,
/// Retry starts the zoomable viewer. Screenshots go to test-output/.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ViewerRetryEndToEndTests
{
    private const string ViewerScript = "**/js/image-compare.js*";

    [Fact]
    public async Task A_viewer_whose_script_does_not_load_offers_a_retry_that_starts_it_and_the_page_works_meanwhile()
    {
        await using var app = await DashboardApp.StartAsync((data, db) => InspectionFixture.EvaluateAsync(data, db, "none"));
        await using var browser = await ChromiumSession.StartAsync();
        var page = browser.Page;
        var retry = page.GetByTestId("viewer-retry");
        var viewer = page.GetByTestId("viewer");
        try
        {
            await page.RouteAsync(ViewerScript, route => route.AbortAsync());
            await page.GotoAsync($"{app.Url}/runs/1/images/1");
            await browser.WaitForInteractiveAsync(app);

            await Expect(retry).ToContainTextAsync("Could not start the zoom and slider: the browser reported an error",
                new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
            await Expect(viewer).Not.ToHaveAttributeAsync("data-zoom", new Regex("\\d"));
            await page.GetByTestId("zoom-in").ClickAsync();
            await page.GetByTestId("zoom-out").ClickAsync();
            await browser.ScreenshotAsync("22-viewer-retry.png", fullPage: true);
            Assert.True(await page.Locator("#blazor-error-ui").IsHiddenAsync(), "Blazor's error bar is showing");

            // The circuit still answers: the map toggle navigates.
            await page.GetByTestId("map-toggle").GetByText("Difference").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("map=diff"));

            await page.UnrouteAsync(ViewerScript);
            await retry.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Retry" }).ClickAsync();
            await Expect(viewer).ToHaveAttributeAsync("data-zoom", new Regex("\\d"), new LocatorAssertionsToHaveAttributeOptions { Timeout = 60_000 });
            await Expect(retry).ToHaveCountAsync(0);
            await page.GetByTestId("zoom-in").ClickAsync();
            await Expect(page.GetByTestId("zoom-level")).Not.ToHaveTextAsync("");
            Assert.True(await page.Locator("#blazor-error-ui").IsHiddenAsync(), "Blazor's error bar is showing");
            await browser.ScreenshotAsync("23-viewer-retried.png", fullPage: true);
        }
        catch
        {
            await browser.ScreenshotAsync("failure-viewer-retry.png", fullPage: true);
            throw;
        }
    }
}
