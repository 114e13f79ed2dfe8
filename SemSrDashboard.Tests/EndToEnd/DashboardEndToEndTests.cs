using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SemSrDashboard.Tests.EndToEnd;

/// <summary>Drives the dashboard in a real browser (Debian's Chromium): start a run through the New run dialog,
/// watch it finish, and explore its run page. Screenshots go to test-output/ at the repository root.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardEndToEndTests
{
    [Fact]
    public async Task Start_a_run_from_the_dialog_then_sort_and_switch_metric_on_its_page()
    {
        await using var app = await DashboardApp.StartAsync();
        await using var browser = await ChromiumSession.StartAsync();
        var page = browser.Page;
        string screenshots = browser.Screenshots;

        try
        {
            await page.GotoAsync(app.Url);
            await Expect(page.GetByTestId("no-runs")).ToBeVisibleAsync();

            // The page is prerendered: click until the interactive circuit has taken over and the dialog opens.
            await browser.ClickUntilVisibleAsync(page.GetByTestId("new-run"), page.GetByTestId("start-run"));
            await Expect(page.GetByTestId("selected-folder")).ToHaveTextAsync(app.DataRoot);
            await Expect(page.GetByTestId("folder")).ToHaveCountAsync(2);
            // The default model is preselected; this run compares bilinear instead, which takes seconds.
            await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "rrdn-thick-x4" })).ToBeCheckedAsync();
            await page.GetByTestId("method-rrdn-thick-x4").ClickAsync();
            await Expect(page.GetByTestId("nothing-to-compare")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "01a-new-run-nothing-to-compare.png") });
            await page.GetByTestId("method-bilinear").ClickAsync();
            await Expect(page.GetByTestId("nothing-to-compare")).ToHaveCountAsync(0);
            // At 1366 × 768 the estimate is in view without scrolling inside the dialog.
            await Expect(page.GetByTestId("estimate")).ToBeInViewportAsync();
            // A screening run without MS-SSIM: the choice is stored with the run and its column stays empty.
            await page.GetByTestId("metric-ms_ssim").ClickAsync();
            await page.GetByTestId("estimate").ClickAsync();
            await Expect(page.GetByTestId("estimate-text")).ToContainTextAsync("for 4 images");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "01-new-run-dialog.png") });
            await page.GetByTestId("start-run").ClickAsync();

            var progress = page.GetByTestId("run-progress").First;
            await Expect(progress).ToContainTextAsync("4 / 4 images (100 %)", new LocatorAssertionsToContainTextOptions { Timeout = 30_000 });
            await Expect(page.GetByTestId("runs-table")).ToContainTextAsync("completed");
            await Expect(page.GetByTestId("live-histogram").Locator(".js-plotly-plot")).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "02-runs.png"), FullPage = true });

            await page.GetByTestId("run-link").First.ClickAsync();
            var table = page.GetByTestId("category-table");
            await Expect(table).ToContainTextAsync("Nanowires");
            await Expect(table).ToContainTextAsync("Patterned_surface");
            await Expect(page.GetByTestId("images-done")).ToHaveTextAsync("4 / 4");
            await Expect(page.Locator(".js-plotly-plot")).ToHaveCountAsync(3);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "03-run-psnr.png"), FullPage = true });

            // Sort on Δ both ways: the two categories swap places.
            // Usable at 1366 × 768: the category table fits without a horizontal scroll bar.
            Assert.True(await page.EvaluateAsync<bool>(
                "() => { const t = document.querySelector('.comparison-table table'); return t.getBoundingClientRect().width <= t.parentElement.getBoundingClientRect().width + 1; }"),
                "the category table is wider than the page at 1366 px");
            await page.GetByTestId("sort-diff").ClickAsync();
            await WaitForSortedAsync(table, ascending: true);
            await page.GetByTestId("sort-diff").ClickAsync();
            await WaitForSortedAsync(table, ascending: false);

            // Switch the metric: the URL and the table follow.
            await page.GetByTestId("metric-toggle").GetByText("SSIM", new LocatorGetByTextOptions { Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("metric=ssim"));
            await Expect(table).ToContainTextAsync("Δ SSIM");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "04-run-ssim-sorted.png"), FullPage = true });

            // A point of the scatter opens the image's metrics.
            var firstPoint = page.Locator(".js-plotly-plot").Nth(2).Locator("path.point").First;
            await firstPoint.ScrollIntoViewIfNeededAsync();
            var point = await firstPoint.BoundingBoxAsync();
            Assert.NotNull(point);
            await page.Mouse.MoveAsync(point.X + point.Width / 2, point.Y + point.Height / 2);
            await page.Mouse.ClickAsync(point.X + point.Width / 2, point.Y + point.Height / 2);
            await page.WaitForTimeoutAsync(1000);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "05-image-metrics.png") });
            await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("PSNR (dB)");
            await Expect(page.GetByTestId("dialog-fidelity")).ToContainTextAsync("GMSD");
            await Expect(page.GetByTestId("dialog-fidelity")).Not.ToContainTextAsync("MS-SSIM"); // not chosen for this run
            await page.Keyboard.PressAsync("Escape");
            await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);

            // A fidelity metric: GMSD gets its own histogram and best/worst list, worded lower-is-better.
            await page.GetByTestId("metric-toggle").GetByText("GMSD", new LocatorGetByTextOptions { Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("metric=gmsd"));
            await Expect(table).ToContainTextAsync("Δ GMSD");
            await Expect(page.Locator(".js-plotly-plot")).ToHaveCountAsync(4);
            await Expect(page.GetByTestId("run-best-worst")).ToContainTextAsync("lower is better");
            // Four images: one list, ranked from the model's best end, which for GMSD is the smallest Δ.
            await Expect(page.GetByTestId("ranked-gmsd")).ToContainTextAsync("bilinear − bicubic, smallest first (lower is better)");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "05b-run-gmsd.png"), FullPage = true });

            // Provenance one click away, in the dark theme.
            await page.GetByLabel("Switch to the dark theme").ClickAsync();
            await page.EvaluateAsync("() => window.scrollTo(0, 0)");
            await browser.ClickUntilVisibleAsync(page.GetByTestId("provenance"), page.Locator(".mud-dialog"));
            await Expect(page.Locator(".mud-dialog")).ToContainTextAsync("opencv");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "06-provenance-dark.png") });
            await page.Keyboard.PressAsync("Escape");
            await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "07-run-dark.png") });

            var csv = await page.APIRequest.GetAsync($"{app.Url}/runs/1/export/long.csv");
            Assert.Equal(200, csv.Status);
            string longCsv = await csv.TextAsync();
            Assert.StartsWith("category,file,width,height,method,psnr", longCsv, StringComparison.Ordinal);
            Assert.EndsWith(",info_bar_rows,ms_ssim,gmsd,lr_psnr,detail_corr,detail_ratio", longCsv.Split('\n')[0], StringComparison.Ordinal);
            var rows = longCsv.TrimEnd('\n').Split('\n').Skip(1).Select(l => l.Split(',')).ToList();
            Assert.Equal(8, rows.Count);
            Assert.All(rows, r => Assert.Equal("", r[11])); // ms_ssim: not chosen
            Assert.All(rows, r => Assert.NotEqual("", r[12])); // gmsd
            var summary = await page.APIRequest.GetAsync($"{app.Url}/runs/1/export/summary.csv");
            string summaryCsv = await summary.TextAsync();
            Assert.Contains("bilinear", summaryCsv, StringComparison.Ordinal);
            Assert.Contains(",gmsd,", summaryCsv, StringComparison.Ordinal);
            Assert.DoesNotContain(",ms_ssim,", summaryCsv, StringComparison.Ordinal);
            Assert.Equal(404, (await page.APIRequest.GetAsync($"{app.Url}/runs/99/export/long.csv")).Status);

            await page.GotoAsync($"{app.Url}/runs/99");
            await Expect(page.GetByTestId("run-not-found")).ToBeVisibleAsync();
        }
        catch
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "failure.png"), FullPage = true });
            throw;
        }
    }

    /// <summary>Waits until the Δ column of the category rows (the pooled row excluded) is in the given order.</summary>
    private static async Task WaitForSortedAsync(ILocator table, bool ascending)
    {
        IReadOnlyList<double> values = [];
        for (int attempt = 0; attempt < 50; attempt++)
        {
            var texts = await table.Locator("tbody [data-testid=diff-cell]").AllInnerTextsAsync();
            values = texts.Select(t => double.Parse(t.Trim().TrimStart('+'), System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var sorted = ascending ? values.Order().ToList() : values.OrderDescending().ToList();
            if (values.Count > 1 && values.SequenceEqual(sorted) && values[0] != values[^1])
                return;
            await Task.Delay(100);
        }
        Assert.Fail($"The category table is not sorted {(ascending ? "ascending" : "descending")} by Δ: {string.Join(", ", values)}");
    }
}
