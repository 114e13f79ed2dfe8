using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Services;
using SemSrDashboard.Tests.EndToEnd;
using SemSrDashboard.Tests.Inspection;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static SemSrDashboard.Tests.Viewers.ViewerTestSupport;

namespace SemSrDashboard.Tests.Viewers;

/// <summary>The dashboard's normal situation: a run of the default model uses every core of the machine that serves
/// the pages. A lab member opening a finished run's page and one of its category pages meanwhile gets every chart
/// drawn, or in a chart's place a Retry button, and never a crashed page. The time each page takes to show its text
/// and to draw its charts is measured and written to test-output/busy-render-times.txt (not asserted: timings
/// depend on the machine and on what else runs).</summary>
[Collection(BrowserCollection.Name)]
public sealed class BusyServerTests(ITestOutputHelper output)
{
    private const int Visits = 3;
    private const string ChartOrRetry = ".js-plotly-plot, [data-testid=chart-retry]";

    [Fact]
    public async Task Run_and_category_pages_draw_their_charts_or_offer_a_retry_while_the_default_model_keeps_every_core_busy()
    {
        string screenshots = ChromiumBrowser.ScreenshotFolder();
        await using var app = await DashboardApp.StartAsync(root => CopyDemoImages(root, copies: 60), async (root, db) =>
        {
            // Run 1, finished before the server starts: 10 + 10 images (each demo image five times), bicubic and
            // rdn-slim-x4; 20 differences, so the run page draws histograms (bars) and a category page one point per image.
            string seeded = Path.Combine(Path.GetDirectoryName(root)!, "seeded");
            foreach (string category in new[] { "Nanowires", "Patterned_surface" })
                for (int copy = 1; copy <= 5; copy++)
                    foreach (string file in Directory.GetFiles(Path.Combine(RepositoryPaths.DemoData, category), "*.png").Order(StringComparer.Ordinal).Take(2))
                    {
                        Directory.CreateDirectory(Path.Combine(seeded, category));
                        File.Copy(file, Path.Combine(seeded, category, $"c{copy}_{Path.GetFileName(file)}"));
                    }
            await InspectionFixture.EvaluateAsync(seeded, db, "none");
        });
        var progress = app.Services.GetRequiredService<ProgressBroadcaster>();

        // Run 2 keeps the cores busy: the default model on 540 images, far more than the visits take.
        var busy = Enqueue(app, "bicubic", BundledModels.DefaultId);
        // Running: its model is open and the workers have started (the first image may take long on a shared machine).
        await WaitForStatusAsync(app, busy.Id, TimeSpan.FromMinutes(5), RunStatus.Running);

        using var playwright = await Playwright.CreateAsync();
        var lines = new List<string>();
        try
        {
            for (int visit = 1; visit <= Visits; visit++)
            {
                // A fresh browser each time: nothing cached, as for someone opening the dashboard.
                await using var browser = await ChromiumBrowser.LaunchAsync(playwright);
                var tab = await ViewerPage.OpenAsync(browser, $"{app.Url}/runs/1", $"visit {visit}", "null", 1366, 768);
                var requested = new List<string>();
                tab.Page.Request += (_, request) => { lock (requested) requested.Add(request.Url); };
                try
                {
                    var run = await MeasureAsync(tab, null, charts: 3);
                    await AssertBarsAndPointsDrawnAsync(tab.Page, run.Retries);
                    var category = await MeasureAsync(tab, $"{app.Url}/runs/1/categories/Patterned_surface", charts: 2);
                    await Expect(tab.Page.GetByTestId("category-title")).ToHaveTextAsync("Patterned_surface");
                    if (visit == 1)
                        await tab.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "busy-01-category.png"), FullPage = true });
                    lines.Add(string.Create(CultureInfo.InvariantCulture,
                        $"visit {visit}: run page text {run.Text.TotalSeconds:0.00} s, charts {run.Charts.TotalSeconds:0.00} s ({run.Retries} retry); "
                        + $"category page text {category.Text.TotalSeconds:0.00} s, charts {category.Charts.TotalSeconds:0.00} s ({category.Retries} retry)"));
                    output.WriteLine(lines[^1]);
                    if (tab.Errors.Count > 0)
                        output.WriteLine($"browser messages:\n{string.Join("\n", tab.Errors)}");
                }
                catch
                {
                    await tab.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, $"busy-failure-{visit}.png"), FullPage = true });
                    throw;
                }
                finally
                {
                    await tab.CloseAsync();
                }
                lock (requested)
                    Assert.DoesNotContain(requested, url => url.Contains("/plotly-3.", StringComparison.Ordinal)); // never the full bundle
            }

            // The pages were measured while the model was still evaluating.
            Assert.Equal(RunStatus.Running, Run(app, busy.Id).Status);
            string report = $"{Environment.ProcessorCount} cores; run {busy.Id}: bicubic + {BundledModels.DefaultId}, "
                + $"{Run(app, busy.Id).TotalImages} images, workers at nice {WorkerThreads.DefaultNice}; "
                + $"at the end {progress.Latest(busy.Id)?.Done} images done\n" + string.Join("\n", lines) + "\n";
            output.WriteLine(report);
            await File.WriteAllTextAsync(Path.Combine(screenshots, "busy-render-times.txt"), report);
        }
        finally
        {
            app.Services.GetRequiredService<RunQueueService>().RequestStatus(busy.Id, RunStatus.Cancelled);
            await WaitForStatusAsync(app, busy.Id, TimeSpan.FromMinutes(1), RunStatus.Cancelled, RunStatus.Completed, RunStatus.Failed);
        }
    }

    /// <summary>Opens <paramref name="url"/> in the tab (or measures the tab's first page when null) and returns the
    /// times, from the navigation's start, until its text was shown (DOMContentLoaded: the server's prerendered page)
    /// and until all its <paramref name="charts"/> charts were drawn or replaced by a Retry button (checked by the page
    /// at every frame), with the number of Retry buttons.</summary>
    private static async Task<(TimeSpan Text, TimeSpan Charts, int Retries)> MeasureAsync(ViewerPage tab, string? url, int charts)
    {
        var page = tab.Page;
        if (url is not null)
            await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        // A first draw that fails gives up after the JS interop timeout (a minute): leave it time to show the Retry.
        await page.WaitForFunctionAsync("""
            ([selector, count]) => {
              if (document.querySelectorAll(selector).length < count) return false;
              window.__chartsAt ??= performance.now();
              return true;
            }
            """, new object[] { ChartOrRetry, charts }, new PageWaitForFunctionOptions { Timeout = 90_000 });
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        double text = await page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd");
        double drawn = await page.EvaluateAsync<double>("() => window.__chartsAt");
        int retries = await page.GetByTestId("chart-retry").CountAsync();
        await Expect(page.Locator(ChartOrRetry)).ToHaveCountAsync(charts);
        await tab.AssertCircuitSurvivedAsync();
        return (TimeSpan.FromMilliseconds(text), TimeSpan.FromMilliseconds(drawn), retries);
    }

    /// <summary>plotly.js's basic bundle draws the dashboard's chart types: the histograms' bars and the scatter
    /// plot's points are in the page (unless a chart offers a Retry instead).</summary>
    private static async Task AssertBarsAndPointsDrawnAsync(IPage page, int retries)
    {
        string? bundle = await page.EvaluateAsync<string?>("() => document.getElementById('plotly-import')?.src ?? null");
        Assert.Matches("/_content/Plotly.Blazor/plotly-basic-[0-9.]+min\\.js$", bundle ?? "");
        var response = await page.APIRequest.GetAsync(bundle!);
        Assert.Equal(200, response.Status);
        Assert.Equal("public, max-age=31536000, immutable", response.Headers["cache-control"]);
        if (retries > 0)
            return;
        Assert.True(await page.Locator(".js-plotly-plot .barlayer .point path").CountAsync() > 0, "no histogram bar drawn");
        Assert.True(await page.Locator(".js-plotly-plot .scatterlayer .point").CountAsync() > 0, "no scatter point drawn");
    }
}
