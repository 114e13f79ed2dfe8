using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Runs;
using static Microsoft.Playwright.Assertions;

namespace SemSrDashboard.Tests.EndToEnd;

/// <summary>A real run on the demo images, stopped part-way, as a lab sees it: the run page and a small category
/// page say "provisional" and draw each image as a point; cancelling asks first, and the cancelled run resumes to
/// completion. Screenshots at 1366 × 768 and 1440 × 900 go to test-output/.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ResultsPresentationEndToEndTests
{
    /// <summary>Every demo image three times and one truncated PNG (28 images in 5 categories), so that the run can be
    /// stopped part-way and has an image that cannot be decoded.</summary>
    private static void ThreeCopiesOfTheDemoImages(string dataRoot)
    {
        foreach (string file in Directory.EnumerateFiles(RepositoryPaths.DemoData, "*.png", SearchOption.AllDirectories))
        {
            string category = Path.GetFileName(Path.GetDirectoryName(file)!);
            string folder = Directory.CreateDirectory(Path.Combine(dataRoot, category)).FullName;
            for (int copy = 1; copy <= 3; copy++)
                File.Copy(file, Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(file)}_{copy}.png"));
        }
        byte[] png = File.ReadAllBytes(Directory.GetFiles(Path.Combine(dataRoot, "Nanowires"))[0]);
        File.WriteAllBytes(Path.Combine(dataRoot, "Nanowires", "truncated.png"), png[..200]);
    }

    /// <summary>Evaluates bicubic and bilinear until 10 images are in, then stops the run as Ctrl-C would (paused).
    /// With the stratified order every category then has an evaluated image, Nanowires (7 images, one truncated) at
    /// least two, so one of them decodes whatever the run's random order.</summary>
    private static async Task StopAfterTenImagesAsync(string dataRoot, string database)
    {
        var engine = EngineContext.Open(database);
        var (run, _) = engine.Planner.CreateOrResume(new RunSettings(dataRoot, ["bicubic", "bilinear"]));
        using var stop = new CancellationTokenSource();
        var outcome = await new RunExecutor(engine.Store, engine.Methods).ExecuteAsync(run.Id, "e2e-seed",
            p => { if (p.Done >= 10) stop.Cancel(); }, RunStatus.Paused, stop.Token);
        Assert.Equal(RunStatus.Paused, outcome.Status);
    }

    [Fact]
    public async Task A_stopped_run_reads_as_provisional_small_categories_as_points_and_a_cancelled_run_resumes()
    {
        await using var app = await DashboardApp.StartAsync(ThreeCopiesOfTheDemoImages, StopAfterTenImagesAsync);
        await using var browser = await ChromiumSession.StartAsync();
        var page = browser.Page;

        await page.GotoAsync($"{app.Url}/runs/1");
        var provisional = page.GetByTestId("provisional");
        await Expect(provisional).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"provisional — \d+ of 28 images, \d of 5 categories complete"));
        await Expect(provisional).ToContainTextAsync("The run is paused");
        await Expect(page.GetByTestId("strip-plot")).ToHaveCountAsync(2); // fewer than 20 images in: points, not bars
        await Expect(page.GetByTestId("strip-plot").First.Locator(".js-plotly-plot")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator(".mud-chip-color-success, .mud-chip-color-error").CountAsync());
        await browser.ScreenshotAsync("20-provisional-run-1366.png");
        await page.SetViewportSizeAsync(1440, 900);
        await browser.ScreenshotAsync("21-provisional-run-1440.png", fullPage: true);

        await page.SetViewportSizeAsync(1366, 768);
        await page.GotoAsync($"{app.Url}/runs/1/categories/Surface_Topography_BSE");
        // The processing order is random (per run): how many of this small category's 3 images are in varies.
        await Expect(page.GetByTestId("provisional")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(
            @"provisional — (this category: [0-2] of 3 images in|every image of this category is in)"));

        await page.GotoAsync($"{app.Url}/runs/1/categories/Nanowires");
        await Expect(page.GetByTestId("provisional")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"provisional — (this category: \d of 7 images in|every image of this category is in)"));
        await Expect(page.GetByTestId("strip-plot")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("strip-plot").First.Locator(".js-plotly-plot")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("22-provisional-small-category-1366.png", fullPage: true);
        await page.SetViewportSizeAsync(1440, 900);
        await browser.ScreenshotAsync("23-provisional-small-category-1440.png", fullPage: true);

        // Cancel asks first, naming the run and its progress; the cancelled run says when it stopped and resumes.
        await page.SetViewportSizeAsync(1366, 768);
        await page.GotoAsync($"{app.Url}/runs/1");
        await browser.ClickUntilVisibleAsync(page.GetByTestId("run-cancel"), page.GetByText("Keep running"));
        var dialog = page.Locator(".mud-dialog");
        await Expect(dialog).ToContainTextAsync("Cancel run #1?");
        await Expect(dialog).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Run #1 on data \(bicubic, bilinear\) has evaluated \d+ of 28 images\. Cancelling stops it and keeps its results"));
        await browser.ScreenshotAsync("25-cancel-confirmation-1366.png");
        await dialog.GetByText("Cancel run", new LocatorGetByTextOptions { Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("run-stopped")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"cancelled .* at \d+ of 28 images"));
        await Expect(page.GetByTestId("provisional")).ToContainTextAsync("The run is cancelled");
        await browser.ScreenshotAsync("26-cancelled-run-1366.png");

        await page.GetByTestId("run-resume").ClickAsync();
        await Expect(page.GetByTestId("provisional")).ToHaveCountAsync(0, new LocatorAssertionsToHaveCountOptions { Timeout = 90_000 });
        await Expect(page.GetByTestId("images-done")).ToHaveTextAsync("28 / 28");
        await Expect(page.GetByTestId("strip-plot")).ToHaveCountAsync(0); // 27 pairs: histograms now
        await Expect(page.Locator(".js-plotly-plot")).ToHaveCountAsync(3);
        await browser.ScreenshotAsync("27-resumed-cancelled-run-completed-1366.png", fullPage: true);

        // The image that could not be decoded: its reason first, nothing about views it never had.
        int failed = app.Services.GetRequiredService<EngineContext>().Store.Images(1).Single(i => i.RelativePath == "Nanowires/truncated.png").Id;
        await page.GotoAsync($"{app.Url}/runs/1/images/{failed}");
        await Expect(page.GetByTestId("image-failure")).ToContainTextAsync("This image could not be evaluated:");
        await Expect(page.GetByTestId("on-demand-note")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("28-failed-image-1366.png", fullPage: true);
        await page.SetViewportSizeAsync(1440, 900);
        await browser.ScreenshotAsync("29-failed-image-1440.png", fullPage: true);
        Assert.DoesNotContain(browser.Errors, e => !e.Contains("WebSocket", StringComparison.Ordinal));
    }
}
