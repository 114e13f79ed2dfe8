using Microsoft.Playwright;
using SemSrDashboard.Tests.Inspection;
using static Microsoft.Playwright.Assertions;

namespace SemSrDashboard.Tests.EndToEnd;

/// <summary>In a real browser: from a run's category table to the category page, then its worst image; move the
/// slider, zoom, toggle the difference map, step to the next image. Screenshots go to test-output/.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ImagePairEndToEndTests
{
    /// <summary>True when the table's last header cell ends inside the table's own box and the table inside its
    /// scroll container (nothing cut off or hidden behind a horizontal scroll bar).</summary>
    private const string TableFits = """
        id => {
            const box = document.querySelector(`[data-testid=${id}]`);
            const table = box.querySelector('table');
            const last = table.querySelector('thead th:last-child').getBoundingClientRect();
            const outer = box.getBoundingClientRect();
            return table.scrollWidth <= box.clientWidth + 1 && last.right <= outer.right + 1;
        }
        """;

    [Fact]
    public async Task Open_a_category_and_its_worst_image_then_slide_zoom_and_show_the_difference_map()
    {
        await using var app = await DashboardApp.StartAsync((data, db) => InspectionFixture.EvaluateAsync(data, db, "all"));
        await using var browser = await ChromiumSession.StartAsync();
        var page = browser.Page;
        try
        {
            await page.GotoAsync($"{app.Url}/runs/1");
            await browser.WaitForInteractiveAsync(app);
            // The charts are drawn by the live page: once they are, its links are handled by Blazor.
            await Expect(page.Locator(".js-plotly-plot")).ToHaveCountAsync(3, new LocatorAssertionsToHaveCountOptions { Timeout = 60_000 });
            await page.GetByTestId("category-link").GetByText("Patterned_surface").ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/runs/1/categories/Patterned_surface"));
            await Expect(page.GetByTestId("category-title")).ToHaveTextAsync("Patterned_surface");
            await Expect(page.GetByTestId("image-row")).ToHaveCountAsync(2);
            await Expect(page.Locator(".js-plotly-plot")).ToHaveCountAsync(2, new LocatorAssertionsToHaveCountOptions { Timeout = 60_000 });
            await WaitForImagesAsync(page, "[data-testid=best-worst] img");
            await browser.ScreenshotAsync("10-category.png", fullPage: true);

            // Sort the table by ΔPSNR (largest first): the URL keeps the order.
            await page.GetByTestId("sort-dpsnr").ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("sort=dpsnr"));

            // Two images: one list ranked by ΔPSNR; its last entry is the smallest Δ.
            await page.GetByTestId("ranked-psnr").GetByTestId("best-worst-item").Last.ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/runs/1/images/\\d+"));
            var viewer = page.GetByTestId("viewer");
            await Expect(viewer).ToHaveAttributeAsync("data-zoom", new System.Text.RegularExpressions.Regex("\\d"));
            await WaitForImagesAsync(page, "[data-testid=viewer] img");
            await Expect(page.GetByTestId("image-metrics")).ToContainTextAsync(InspectionFixture.Model);
            await Expect(page.GetByTestId("shortcuts")).ToContainTextAsync("difference map");
            await browser.ScreenshotAsync("11-image-pair.png", fullPage: true);
            // At 1366 × 768 and 1440 × 900 every column of the metrics tables is in view, Status included.
            foreach (var (width, height) in new[] { (1366, 768), (1440, 900) })
            {
                await page.SetViewportSizeAsync(width, height);
                foreach (string table in new[] { "image-metrics", "image-fidelity" })
                    Assert.True(await page.EvaluateAsync<bool>(TableFits, table), $"the {table} table is clipped at {width} px");
                var status = page.GetByTestId("image-metrics").GetByText("Status");
                await status.ScrollIntoViewIfNeededAsync();
                await Expect(status).ToBeInViewportAsync(new LocatorAssertionsToBeInViewportOptions { Ratio = 1 });
                await browser.ScreenshotAsync($"11a-image-metrics-{width}.png", fullPage: true);
            }
            await page.SetViewportSizeAsync(1366, 768);
            // The tables are below the viewer; bring the viewer back into view before dragging on it.
            await page.EvaluateAsync("() => window.scrollTo(0, 0)");

            // Drag the divider to a quarter of the width.
            var box = (await viewer.BoundingBoxAsync())!;
            var handle = (await page.GetByTestId("divider").Locator(".ic-handle").BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(handle.X + handle.Width / 2, handle.Y + handle.Height / 2);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(box.X + box.Width * 0.25f, handle.Y + handle.Height / 2, new MouseMoveOptions { Steps = 5 });
            await page.Mouse.UpAsync();
            double split = double.Parse((await viewer.GetAttributeAsync("data-split"))!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(split, 0.2, 0.3);

            // Zoom in with the wheel at a point and with the keyboard; both images share the transform.
            double fitted = await ZoomAsync(viewer);
            await page.Mouse.MoveAsync(box.X + box.Width * 0.4f, box.Y + box.Height * 0.5f);
            for (int i = 0; i < 6; i++)
                await page.Mouse.WheelAsync(0, -100);
            await page.Keyboard.PressAsync("+");
            await Expect(viewer).Not.ToHaveAttributeAsync("data-zoom", fitted.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(await ZoomAsync(viewer) > fitted * 4, "zoom did not grow");
            Assert.True(await page.EvaluateAsync<bool>(
                "() => { const [a, b] = document.querySelectorAll('[data-testid=viewer] img'); return a.style.transform === b.style.transform && getComputedStyle(a).imageRendering === 'pixelated'; }"),
                "the two views are not drawn with one transform, pixelated");
            await browser.ScreenshotAsync("12-zoomed.png");

            // The difference map with its legend (keyboard shortcut d).
            await viewer.FocusAsync();
            await page.Keyboard.PressAsync("d");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("map=diff"));
            await Expect(page.GetByTestId("right-image")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex($"/diff/{InspectionFixture.Model}\\.png$"));
            await Expect(page.GetByTestId("map-legend")).ToContainTextAsync("grey levels");
            await WaitForImagesAsync(page, "[data-testid=viewer] img");
            Assert.True(await ZoomAsync(viewer) > fitted * 4, "the zoom was lost when the map was toggled");
            await browser.ScreenshotAsync("13-difference-map.png");
            await page.GetByTestId("zoom-fit").ClickAsync();
            await page.WaitForTimeoutAsync(200);
            await browser.ScreenshotAsync("14-difference-map-fit.png", fullPage: true);

            // → moves to the other image of the category in the ΔPSNR order, keeping the map.
            string before = page.Url;
            await page.Keyboard.PressAsync(await page.GetByTestId("next-image").IsDisabledAsync() ? "ArrowLeft" : "ArrowRight");
            await Expect(page).Not.ToHaveURLAsync(before);
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("map=diff"));
            await WaitForImagesAsync(page, "[data-testid=viewer] img");
            await browser.ScreenshotAsync("15-other-image.png");

            // The SSIM map (s), then LR against the original at 1:1 pixels.
            await page.Keyboard.PressAsync("s");
            await Expect(page.GetByTestId("right-image")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex($"/ssim/{InspectionFixture.Model}\\.png$"));
            await Expect(page.GetByTestId("map-legend")).ToContainTextAsync("SSIM");
            await WaitForImagesAsync(page, "[data-testid=viewer] img");
            await browser.ScreenshotAsync("15b-ssim-map.png");

            // The invented-detail map (i): blue where the output's detail agrees with the original's, orange where
            // the original lacks it, with its legend.
            await page.Keyboard.PressAsync("i");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("map=detail"));
            await Expect(page.GetByTestId("right-image")).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex($"/detail/{InspectionFixture.Model}\\.png$"));
            await Expect(page.GetByTestId("map-legend")).ToContainTextAsync("detail agrees with the original");
            await Expect(page.GetByTestId("map-legend")).ToContainTextAsync("detail the original lacks");
            await WaitForImagesAsync(page, "[data-testid=viewer] img");
            Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('[data-testid=right-image]').naturalWidth > 0"),
                "the invented-detail map did not load");
            await browser.ScreenshotAsync("15c-invented-detail-map.png");
            await page.GotoAsync($"{app.Url}/runs/1/images/1?left=lr&right=original");
            await WaitForImagesAsync(page, "[data-testid=viewer] img");
            await Expect(viewer).ToHaveAttributeAsync("data-zoom", new System.Text.RegularExpressions.Regex("\\d"));
            await page.GetByTestId("zoom-in").ClickAsync();
            await page.GetByTestId("zoom-in").ClickAsync();
            await Expect(page.GetByTestId("zoom-level")).Not.ToHaveTextAsync("");
            await browser.ScreenshotAsync("15c-lr-vs-original.png");

            var figure = await page.APIRequest.GetAsync($"{app.Url}/runs/1/images/1/figure.png?left=bicubic&right={InspectionFixture.Model}");
            Assert.Equal(200, figure.Status);
            await File.WriteAllBytesAsync(Path.Combine(browser.Screenshots, "16-figure.png"), await figure.BodyAsync());
            Assert.DoesNotContain(browser.Errors, e => e.Contains("image-compare", StringComparison.Ordinal));
        }
        catch
        {
            await browser.ScreenshotAsync("failure-image-pair.png", fullPage: true);
            throw;
        }
    }

    private static async Task<double> ZoomAsync(ILocator viewer) =>
        double.Parse((await viewer.GetAttributeAsync("data-zoom"))!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Waits until every image matching <paramref name="selector"/> has loaded (and is not broken).</summary>
    private static async Task WaitForImagesAsync(IPage page, string selector) =>
        await page.WaitForFunctionAsync(
            "s => { const all = [...document.querySelectorAll(s)]; return all.length > 0 && all.every(i => i.complete && i.naturalWidth > 0); }",
            selector, new PageWaitForFunctionOptions { Timeout = 30_000 });
}
