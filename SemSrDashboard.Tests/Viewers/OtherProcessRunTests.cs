using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SemSrDashboard.Cli;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Services;
using SemSrDashboard.Tests.EndToEnd;
using SemSrDashboard.Tests.Runs;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static SemSrDashboard.Tests.Viewers.ViewerTestSupport;

namespace SemSrDashboard.Tests.Viewers;

/// <summary>A run that a separate process evaluates (the command line's <c>evaluate</c> on the dashboard's database)
/// shows its progress live on an open run page: this server publishes no progress for it, so only the results cache's
/// polling of the store can bring it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OtherProcessRunTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_run_evaluated_by_the_command_line_in_another_process_appears_live_on_an_open_run_page()
    {
        await using var app = await DashboardApp.StartAsync(root => CopyDemoImages(root, copies: 12)); // a real model: the run lasts a while
        var store = app.Services.GetRequiredService<EngineContext>().Store;
        var broadcaster = app.Services.GetRequiredService<ProgressBroadcaster>();
        using var cli = CliProcess.Start(app.Folder, null,
            "evaluate", "--data", app.DataRoot, "--methods", "bicubic,rdn-slim-x4", "--db", app.Database);

        // The page opens once the other process has stored some images and still has most to go.
        await WaitUntilAsync(() => store.ListRuns() is [var r] && store.CountsByRun().GetValueOrDefault(r.Id).Done >= 1, TimeSpan.FromMinutes(3),
            () => $"the command line stored no complete image; output:\n{cli.Output}\n{cli.Error}");
        var run = store.ListRuns().Single();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await ChromiumBrowser.LaunchAsync(playwright);
        var viewer = await ViewerPage.OpenAsync(browser, $"{app.Url}/runs/{run.Id}", "run page", "document.querySelector('[data-testid=images-done]')", 1280, 900);
        try
        {
            int code = await cli.WaitAsync(TimeSpan.FromMinutes(10));
            Assert.True(code == ExitCodes.Completed, $"exit {code}\n{cli.Output}\n{cli.Error}");
            string complete = string.Create(CultureInfo.InvariantCulture, $"{run.TotalImages} / {run.TotalImages}");
            await Expect(viewer.Page.GetByTestId("images-done")).ToHaveTextAsync(complete, new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });

            // The page's sampler reads the count on a timer: give it time to record what the page now shows.
            var seen = await viewer.ProgressSeenAsync();
            for (var sampling = System.Diagnostics.Stopwatch.StartNew(); seen[^1] != complete && sampling.Elapsed < TimeSpan.FromSeconds(5);)
            {
                await Task.Delay(100);
                seen = await viewer.ProgressSeenAsync();
            }
            output.WriteLine($"{run.TotalImages} images; the page showed: {string.Join(" | ", seen)}");
            // Live: the page showed at least two different counts before the run was complete, without a reload.
            var midRun = seen.Where(s => s != complete).Distinct().ToList();
            Assert.True(midRun.Count >= 2, $"the page did not follow the other process's run live: {string.Join(" | ", seen)}");
            Assert.Equal(complete, seen[^1]);
            Assert.Null(broadcaster.Latest(run.Id)); // this server never reported progress for the run
            Assert.Equal(RunStatus.Completed, store.FindRun(run.Id)!.Status);
            await Expect(viewer.Page.GetByTestId("provisional")).ToHaveCountAsync(0); // the page knows the run completed
            await viewer.AssertHealthyAsync();
        }
        finally
        {
            await viewer.CloseAsync();
        }
    }
}
