using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SemSrDashboard.Tests.Inspection;
using static Microsoft.Playwright.Assertions;

namespace SemSrDashboard.Tests.EndToEnd;

/// <summary>In a real browser: plotly.js fails to load (the request is dropped, as a broken connection or proxy
/// would); the category page lives on with a Retry button in place of its charts, and once the script can load,
/// Retry draws them. Screenshots go to test-output/.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ChartRetryEndToEndTests
{
    private const string PlotlyBundle = "**/_content/Plotly.Blazor/plotly-basic-*.js";

    [Fact]
    public async Task A_chart_whose_script_does_not_load_offers_a_retry_that_draws_the_charts_and_the_page_works_meanwhile()
    {
        await using var app = await DashboardApp.StartAsync((data, db) => InspectionFixture.EvaluateAsync(data, db, "none"));
        await using var browser = await ChromiumSession.StartAsync();
        var page = browser.Page;
        var charts = page.Locator(".js-plotly-plot");
        var retry = page.GetByTestId("chart-retry");
        try
        {
            await page.RouteAsync(PlotlyBundle, route => route.AbortAsync());
            await page.GotoAsync($"{app.Url}/runs/1/categories/Patterned_surface");
            await browser.WaitForInteractiveAsync(app);

            // Plotly.Blazor loads plotly.js once per page: the first chart reports the failure, the second waits for
            // the script. Neither is drawn, and the page is not broken.
            await Expect(retry.First).ToContainTextAsync("Chart not drawn: the browser reported an error (Failed to load script",
                new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
            await Expect(charts).ToHaveCountAsync(0);
            await browser.ScreenshotAsync("20-chart-retry.png", fullPage: true);
            Assert.True(await page.Locator("#blazor-error-ui").IsHiddenAsync(), "Blazor's error bar is showing");
            await page.GetByTestId("sort-dpsnr").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("sort=dpsnr"));

            // The script can load now: one Retry loads it, and every chart on the page is drawn.
            await page.UnrouteAsync(PlotlyBundle);
            await retry.First.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Retry" }).ClickAsync();
            await Expect(charts).ToHaveCountAsync(2, new LocatorAssertionsToHaveCountOptions { Timeout = 60_000 });
            await Expect(retry).ToHaveCountAsync(0);
            Assert.True(await page.Locator("#blazor-error-ui").IsHiddenAsync(), "Blazor's error bar is showing");
            await browser.ScreenshotAsync("21-chart-retried.png", fullPage: true);
        }
        catch
        {
            await browser.ScreenshotAsync("failure-chart-retry.png", fullPage: true);
            throw;
        }
    }
}
