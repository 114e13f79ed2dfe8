using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Services;
using SemSrDashboard.Tests.EndToEnd;
using static Microsoft.Playwright.Assertions;
using static SemSrDashboard.Tests.Viewers.ViewerTestSupport;

namespace SemSrDashboard.Tests.Viewers;

/// <summary>Pause, resume, cancel and delete from the runs page, in a real browser, while a run executes.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RunControlsInBrowserTests
{
    private static readonly string[] Methods = ["bicubic", "bilinear", "lanczos", "rdn-slim-x4"];

    [Fact]
    public async Task Pause_stops_a_running_run_resume_completes_it_cancel_stops_another_and_delete_asks_first()
    {
        string screenshots = ChromiumBrowser.ScreenshotFolder();
        // Long enough (9 × 25 images × 4 methods) that the clicks land while the run still executes on a fast machine.
        await using var app = await DashboardApp.StartAsync(root => CopyDemoImages(root, copies: 40)); // the clicks must land mid-run on a fast machine
        var progress = app.Services.GetRequiredService<ProgressBroadcaster>();
        var store = app.Services.GetRequiredService<EngineContext>().Store;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await ChromiumBrowser.LaunchAsync(playwright);
        var run = Enqueue(app, Methods);
        var tab = await ViewerPage.OpenAsync(browser, app.Url, "runs page",
            $"document.querySelector('a[href=\"/runs/{run.Id}\"]')?.closest('tr')?.querySelector('[data-testid=run-progress]')", 1366, 768);
        var page = tab.Page;
        try
        {
            var row = RowOf(page, run.Id);
            await Expect(row).ToContainTextAsync("running", new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
            // The page is live (interactive) once it has shown the progress change: only then is a click handled.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while ((await tab.ProgressSeenAsync()).Count < 2)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the runs page does not show the run's progress changing");
                await Task.Delay(100);
            }

            // Pause (one click): the status says so at once, and once the executor has stopped the count stays put.
            await row.GetByLabel("Pause").ClickAsync();
            await Expect(row).ToContainTextAsync("paused");
            await WaitUntilAsync(() => progress.Latest(run.Id)?.Status == RunStatus.Paused, TimeSpan.FromSeconds(30),
                () => $"the executor did not stop: {progress.Latest(run.Id)}");
            int stored = store.CountsByRun()[run.Id].Done;
            Assert.True(stored < run.TotalImages, "the run completed before the pause took effect");
            await Expect(row.GetByTestId("run-progress")).ToContainTextAsync($"{stored} / {run.TotalImages} images");
            await Task.Delay(2_000);
            Assert.Equal(stored, store.CountsByRun()[run.Id].Done);
            await Expect(row.GetByTestId("run-progress")).ToContainTextAsync($"{stored} / {run.TotalImages} images");
            Assert.Equal(RunStatus.Paused, Run(app, run.Id).Status);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "viewers-04-paused.png") });

            // Resume: it goes on from where it stopped and completes.
            await row.GetByLabel("Resume").ClickAsync();
            await Expect(row.GetByTestId("run-progress")).ToContainTextAsync($"{run.TotalImages} / {run.TotalImages} images (100 %)",
                // A hang guard, not a speed limit: the run's workers yield the cores to the browser and to anything
                // else at the server's priority, so on a shared machine the rest of the run can take minutes.
                new LocatorAssertionsToContainTextOptions { Timeout = 600_000 });
            await Expect(row).ToContainTextAsync("completed");
            AssertOneResultPerImageAndMethod(app, run.Id, Methods);
            var seen = await tab.ProgressSeenAsync();
            Assert.Contains(seen, s => s.StartsWith($"{stored} / ", StringComparison.Ordinal));

            // Cancel a second run mid-way.
            var second = Enqueue(app, Methods);
            var secondRow = RowOf(page, second.Id);
            await Expect(secondRow).ToContainTextAsync("running", new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
            // Cancel asks first; confirming stops the run.
            var confirmation = page.Locator(".mud-dialog");
            await ClickUntilDialogAsync(secondRow.GetByLabel("Cancel"), confirmation);
            await Expect(confirmation).ToContainTextAsync($"Cancel run #{second.Id}?");
            await confirmation.GetByText("Cancel run", new LocatorGetByTextOptions { Exact = true }).ClickAsync();
            await Expect(confirmation).ToHaveCountAsync(0); // closed, so the next click reaches the row
            await Expect(secondRow).ToContainTextAsync("cancelled");
            await WaitUntilAsync(() => progress.Latest(second.Id)?.Status == RunStatus.Cancelled, TimeSpan.FromSeconds(30),
                () => $"the executor did not stop: {progress.Latest(second.Id)}");
            Assert.Equal(RunStatus.Cancelled, Run(app, second.Id).Status);

            // Delete asks first: Keep leaves the run, Delete removes it.
            var dialog = page.Locator(".mud-dialog");
            await ClickUntilDialogAsync(secondRow.GetByLabel("Delete"), dialog);
            await Expect(dialog).ToContainTextAsync($"Delete run #{second.Id}?");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "viewers-05-delete-confirmation.png") });
            await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Keep" }).ClickAsync();
            await Expect(dialog).ToHaveCountAsync(0);
            await Expect(secondRow).ToHaveCountAsync(1);
            Assert.NotNull(store.FindRun(second.Id));

            foreach (int id in new[] { second.Id, run.Id })
            {
                await ClickUntilDialogAsync(RowOf(page, id).GetByLabel("Delete"), dialog);
                await Expect(dialog).ToContainTextAsync($"Delete run #{id}?");
                await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Delete" }).ClickAsync();
                await Expect(RowOf(page, id)).ToHaveCountAsync(0);
                Assert.Null(store.FindRun(id));
            }
            await Expect(page.GetByTestId("no-runs")).ToBeVisibleAsync();
            await tab.AssertHealthyAsync();
        }
        catch
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "viewers-controls-failure.png"), FullPage = true });
            throw;
        }
        finally
        {
            await tab.CloseAsync();
        }
    }

    private static ILocator RowOf(IPage page, int runId) =>
        page.GetByTestId("runs-table").Locator("tbody tr").Filter(new LocatorFilterOptions { Has = page.Locator($"a[href='/runs/{runId}']") });

    /// <summary>Clicks until a dialog opens: on a busy machine a click that lands while the row re-renders (its run's
    /// status changing) or just after the previous dialog closed can be lost, which a user would simply repeat.</summary>
    private static async Task ClickUntilDialogAsync(ILocator button, ILocator dialog)
    {
        for (int attempt = 0; attempt < 5 && await dialog.CountAsync() == 0; attempt++)
        {
            if (await button.Page.Locator(".mud-overlay").CountAsync() == 0) // else a dialog is opening: wait for it
                await button.ClickAsync();
            try
            {
                await dialog.First.WaitForAsync(new LocatorWaitForOptions { Timeout = 8_000 });
            }
            catch (TimeoutException)
            {
                // not opened: click again
            }
        }
    }
}
