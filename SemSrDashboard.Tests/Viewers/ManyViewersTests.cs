using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Services;
using SemSrDashboard.Tests.EndToEnd;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static SemSrDashboard.Tests.Viewers.ViewerTestSupport;

namespace SemSrDashboard.Tests.Viewers;

/// <summary>The dashboard under many simultaneous browser tabs (Debian's Chromium, one context per tab): live
/// progress reaches every tab, closing tabs never disturbs a run, the server lets go of every circuit, and the
/// run controls work from the browser. Screenshots go to test-output/ at the repository root.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ManyViewersTests(ITestOutputHelper output)
{
    private const int Viewers = 20;
    private static readonly string[] Methods = ["bicubic", "bilinear", "lanczos", "rdn-slim-x4"];

    [Fact]
    public async Task Twenty_tabs_follow_a_run_live_closed_tabs_do_not_disturb_it_and_no_circuit_is_left_behind()
    {
        string screenshots = ChromiumBrowser.ScreenshotFolder();
        await using var app = await DashboardApp.StartAsync(root => CopyDemoImages(root, copies: 60)); // the run must outlast opening 20 tabs on a fast, idle machine
        var circuits = app.Services.GetRequiredService<OpenCircuits>();
        var broadcaster = app.Services.GetRequiredService<ProgressBroadcaster>();
        var resultsCache = app.Services.GetRequiredService<RunResultsCache>();
        using var sql = new SqlCommandLog(app.Database);

        // The same run with nobody watching: the reference throughput.
        var quiet = Enqueue(app, Methods);
        var quietTimeline = new ProgressTimeline(broadcaster, quiet.Id);
        // Bounds here guard against a hang, not a slow machine: on two cores shared with other work a run takes minutes.
        var quietDone = await WaitForStatusAsync(app, quiet.Id, TimeSpan.FromMinutes(10), RunStatus.Completed, RunStatus.Failed);
        await quietTimeline.StopAsync();
        output.WriteLine($"quiet run: {total0(quietDone)} images in {(quietDone.FinishedUtc - quietDone.StartedUtc)?.TotalSeconds:0.0} s");
        Assert.Equal(RunStatus.Completed, quietDone.Status);
        AssertOneResultPerImageAndMethod(app, quiet.Id, Methods);

        // The watched run: half the tabs on the runs page, half on the run's page.
        var run = Enqueue(app, Methods);
        int total = run.TotalImages;
        var timeline = new ProgressTimeline(broadcaster, run.Id);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await ChromiumBrowser.LaunchAsync(playwright);
        string homeProgress = $"document.querySelector('a[href=\"/runs/{run.Id}\"]')?.closest('tr')?.querySelector('[data-testid=run-progress]')";
        const string runProgress = "document.querySelector('[data-testid=images-done]')";
        var viewers = await Task.WhenAll(Enumerable.Range(0, Viewers).Select(i =>
        {
            bool home = i < Viewers / 2;
            bool large = i % (Viewers / 2) == 0; // the two that are screenshotted
            return ViewerPage.OpenAsync(browser, home ? app.Url : $"{app.Url}/runs/{run.Id}", $"tab {i} ({(home ? "runs page" : "run page")})",
                home ? homeProgress : runProgress, large ? 1366 : 800, large ? 900 : 600);
        }));
        try
        {
            // Every tab's circuit connects once its browser has parsed the page's scripts: with 20 tabs and the run on
            // two cores that is the slow part (tens of seconds), so it is waited for here, not in each navigation.
            await WaitUntilAsync(() => circuits.Count == Viewers, TimeSpan.FromMinutes(3),
                () => $"{circuits.Count} circuits open, expected {Viewers}");
            var allWatching = timeline.Now();
            long watchedFrom = Stopwatch.GetTimestamp();
            long cacheQueriesFrom = resultsCache.RefreshQueries + resultsCache.FullLoads;
            output.WriteLine($"{Viewers} circuits open at {allWatching.At.TotalSeconds:0.0} s, {allWatching.Done} images done");

            // Every tab sees the progress change at least twice while the run executes.
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var seen = await Task.WhenAll(viewers.Select(v => v.ProgressSeenAsync()));
                if (seen.All(s => MidRun(s, total).Count >= 3))
                {
                    output.WriteLine($"every tab saw the progress change twice at {timeline.Now().At.TotalSeconds:0.0} s:\n"
                        + string.Join("\n", viewers.Zip(seen, (v, s) => $"  {v.Name}: {string.Join(" | ", s)}")));
                    break;
                }
                var status = Run(app, run.Id).Status;
                if (status != RunStatus.Running && status != RunStatus.Queued || clock.Elapsed > TimeSpan.FromMinutes(2))
                    Assert.Fail($"The run is {status} after {clock.Elapsed.TotalSeconds:0} s and not every tab saw its progress change twice:\n"
                        + string.Join("\n", viewers.Zip(seen, (v, s) => $"{v.Name}: {string.Join(" | ", s)}")));
                await Task.Delay(500);
            }

            // Close half the tabs mid-run, at once (screenshots under 20 tabs can take half a minute on 2 cores):
            // the server lets their circuits go, the run goes on.
            var beforeClosing = timeline.Now();
            long watchedTo = Stopwatch.GetTimestamp();
            long cacheQueries = resultsCache.RefreshQueries + resultsCache.FullLoads - cacheQueriesFrom;
            Assert.True(beforeClosing.Done < total, "the run finished before the tabs could be closed mid-run");

            // With all tabs open on one running run, the server reads its results about once a second in all (the
            // shared cache), not once per tab; so do the runs table's counts.
            double watchedSeconds = Stopwatch.GetElapsedTime(watchedFrom, watchedTo).TotalSeconds;
            int resultQueries = sql.Count(watchedFrom, watchedTo, SqlCommandLog.ReadsResultRows);
            int countQueries = sql.Count(watchedFrom, watchedTo, SqlCommandLog.CountsResults);
            string queryReport = string.Create(CultureInfo.InvariantCulture,
                $"{Viewers} tabs on 1 running run for {watchedSeconds:0.0} s: {resultQueries} result-row queries ({resultQueries / watchedSeconds:0.00}/s; "
                + $"the cache counted {cacheQueries}), {countQueries} runs-table count queries ({countQueries / watchedSeconds:0.00}/s)");
            output.WriteLine(queryReport);
            Assert.True(watchedSeconds >= 2, $"the window with every tab open is too short to measure: {watchedSeconds:0.0} s");
            Assert.InRange(resultQueries, 1, (int)Math.Ceiling(watchedSeconds * 1.0) + 2);
            Assert.InRange(countQueries, 0, (int)Math.Ceiling(watchedSeconds * 1.0) + 2);
            var closing = viewers.Where((_, i) => i % (Viewers / 2) >= Viewers / 4).ToList();
            foreach (var viewer in closing)
                await viewer.AssertHealthyAsync();
            await Task.WhenAll(closing.Select(v => v.CloseAsync()));
            await WaitUntilAsync(() => circuits.Count == Viewers - closing.Count, TimeSpan.FromSeconds(30),
                () => $"{circuits.Count} circuits open after closing {closing.Count} of {Viewers} tabs");
            output.WriteLine($"{closing.Count} circuits released at {timeline.Now().At.TotalSeconds:0.0} s");

            // Live, part-way where the machine allows: the runs page with its live histogram, and the run's page.
            await Expect(viewers[0].Page.GetByTestId("live-histogram").Locator(".js-plotly-plot")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 });
            await viewers[0].Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "viewers-01-runs-live.png"), FullPage = true });
            await viewers[Viewers / 2].Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "viewers-02-run-live.png"), FullPage = true });
            output.WriteLine($"screenshots taken at {timeline.Now().At.TotalSeconds:0.0} s, {timeline.Now().Done} images done");
            var finished = await WaitForStatusAsync(app, run.Id, TimeSpan.FromMinutes(10), RunStatus.Completed, RunStatus.Failed, RunStatus.Paused, RunStatus.Cancelled);
            Assert.Equal(RunStatus.Completed, finished.Status);
            AssertOneResultPerImageAndMethod(app, run.Id, Methods);
            await timeline.StopAsync();

            // The open tabs end on the complete count, without errors.
            var open = viewers.Where(v => !v.Closed).ToList();
            await Task.WhenAll(open.Select(v => WaitForCompleteAsync(v, total)));
            foreach (var viewer in open)
                await viewer.AssertHealthyAsync();
            await open[0].Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "viewers-03-runs-done.png"), FullPage = true });

            await Task.WhenAll(open.Select(v => v.CloseAsync()));
            // A closed tab normally ends its circuit at once; one whose goodbye was lost is kept for the reconnection
            // window (5 s in these tests) and then released.
            await WaitUntilAsync(() => circuits.Count == 0 && broadcaster.SubscriberCount == 0 && resultsCache.HeldRuns == 0, TimeSpan.FromSeconds(30),
                () => $"after closing every tab the server still holds {circuits.Count} circuits, {broadcaster.SubscriberCount} progress subscriptions "
                    + $"and {resultsCache.HeldRuns} runs in the results cache");

            // Throughput: measured, reported, not asserted (2 shared cores make it noisy).
            double quietRate = ImagesPerSecond(quietDone);
            double watchedRate = ImagesPerSecond(finished);
            double quietWindow = quietTimeline.Rate(allWatching.Done, beforeClosing.Done);
            double watchedWindow = timeline.Rate(allWatching.Done, beforeClosing.Done);
            string report = string.Create(CultureInfo.InvariantCulture,
                $"{total} images × {string.Join(",", Methods)}, {Environment.ProcessorCount} cores\n"
                + $"whole run: 0 viewers {quietRate:0.00} images/s, {Viewers} viewers (half closed mid-run) {watchedRate:0.00} images/s\n"
                + $"images {allWatching.Done}–{beforeClosing.Done} (all {Viewers} tabs open): 0 viewers {quietWindow:0.00} images/s, {Viewers} viewers {watchedWindow:0.00} images/s\n") + queryReport + "\n";
            output.WriteLine(report);
            await File.WriteAllTextAsync(Path.Combine(screenshots, "viewers-throughput.txt"), report);
        }
        catch
        {
            foreach (var viewer in viewers.Where(v => !v.Closed).Take(2))
                await viewer.Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, $"viewers-failure-{Array.IndexOf(viewers, viewer)}.png"), FullPage = true });
            throw;
        }
        finally
        {
            foreach (var viewer in viewers)
                await viewer.CloseAsync();
        }
    }

    private static int total0(Engine.Storage.StoredRun run) => run.TotalImages;

    /// <summary>The progress texts seen while the run was still executing (done below the total).</summary>
    private static List<string> MidRun(IReadOnlyList<string> seen, int total) =>
        seen.Where(s => DoneOf(s) is int done && done < total).ToList();

    /// <summary>N of an "N / M …" text.</summary>
    private static int? DoneOf(string text)
    {
        int slash = text.IndexOf(" / ", StringComparison.Ordinal);
        return slash > 0 && int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out int done) ? done : null;
    }

    private static async Task WaitForCompleteAsync(ViewerPage viewer, int total)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<string> seen = [];
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            seen = await viewer.ProgressSeenAsync();
            if (seen.Count > 0 && DoneOf(seen[^1]) == total)
                return;
            await Task.Delay(250);
        }
        Assert.Fail($"{viewer.Name} does not show {total} of {total} images done: {string.Join(" | ", seen)}");
    }
}

/// <summary>Samples a run's published progress (done images over time) until stopped, to measure throughput over a
/// range of images.</summary>
internal sealed class ProgressTimeline
{
    private readonly List<(TimeSpan At, int Done)> _samples = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private readonly ProgressBroadcaster _progress;
    private readonly int _runId;

    public ProgressTimeline(ProgressBroadcaster progress, int runId)
    {
        _progress = progress;
        _runId = runId;
        _sampler = Task.Run(async () =>
        {
            // Bounded by the test: stopped when the run ends, at most ten minutes in any case.
            while (!_stop.IsCancellationRequested && _clock.Elapsed < TimeSpan.FromMinutes(10))
            {
                Now();
                await Task.Delay(50, _stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        });
    }

    /// <summary>Records and returns the current sample.</summary>
    public (TimeSpan At, int Done) Now()
    {
        var sample = (_clock.Elapsed, _progress.Latest(_runId)?.Done ?? 0);
        lock (_samples)
            _samples.Add(sample);
        return sample;
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _sampler;
    }

    /// <summary>Images per second between the first moments <paramref name="from"/> and <paramref name="to"/>
    /// images were done.</summary>
    public double Rate(int from, int to)
    {
        lock (_samples)
        {
            var start = _samples.First(s => s.Done >= from);
            var end = _samples.First(s => s.Done >= to);
            return end.At <= start.At ? double.NaN : (end.Done - start.Done) / (end.At - start.At).TotalSeconds;
        }
    }
}
