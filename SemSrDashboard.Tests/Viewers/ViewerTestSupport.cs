using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Services;
using SemSrDashboard.Tests.EndToEnd;

namespace SemSrDashboard.Tests.Viewers;

/// <summary>Data, runs and page probes shared by the many-viewers tests.</summary>
internal static class ViewerTestSupport
{
    /// <summary>The bundled demo images, each copied <paramref name="copies"/> times into its category folder.</summary>
    public static void CopyDemoImages(string dataRoot, int copies)
    {
        string demo = Path.Combine(RepositoryPaths.DemoData);
        foreach (string category in Directory.GetDirectories(demo).Order(StringComparer.Ordinal))
        {
            string target = Path.Combine(dataRoot, Path.GetFileName(category));
            Directory.CreateDirectory(target);
            foreach (string file in Directory.GetFiles(category, "*.png").Order(StringComparer.Ordinal))
                for (int copy = 0; copy < copies; copy++)
                    File.Copy(file, Path.Combine(target, $"{copy:00}_{Path.GetFileName(file)}"));
        }
    }

    public static StoredRun Enqueue(DashboardApp app, params string[] methods) =>
        app.Services.GetRequiredService<RunQueueService>().Enqueue(new RunSettings(app.DataRoot, methods, Device: "cpu"));

    public static StoredRun Run(DashboardApp app, int runId) =>
        app.Services.GetRequiredService<EngineContext>().Store.FindRun(runId) ?? throw new InvalidOperationException($"run {runId} is gone");

    /// <summary>Waits (bounded) until the run has a status in <paramref name="statuses"/>.</summary>
    public static async Task<StoredRun> WaitForStatusAsync(DashboardApp app, int runId, TimeSpan limit, params string[] statuses)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var run = Run(app, runId);
            if (statuses.Contains(run.Status))
                return run;
            if (clock.Elapsed > limit)
                Assert.Fail($"run {runId} is still {run.Status} after {limit.TotalSeconds:0} s (waiting for {string.Join(" or ", statuses)})");
            await Task.Delay(200);
        }
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds; fails with <paramref name="what"/> otherwise.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit, Func<string> what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
                Assert.Fail(what());
            await Task.Delay(100);
        }
    }

    /// <summary>Images per second over the whole run, from its stored start and finish times.</summary>
    public static double ImagesPerSecond(StoredRun run)
    {
        Assert.NotNull(run.StartedUtc);
        Assert.NotNull(run.FinishedUtc);
        return run.TotalImages / (run.FinishedUtc.Value - run.StartedUtc.Value).TotalSeconds;
    }

    /// <summary>Asserts that the run stored exactly one successful result per image and method.</summary>
    public static void AssertOneResultPerImageAndMethod(DashboardApp app, int runId, IReadOnlyList<string> methods)
    {
        var store = app.Services.GetRequiredService<EngineContext>().Store;
        var run = Run(app, runId);
        var results = store.Results(runId);
        Assert.Equal(run.TotalImages * methods.Count, results.Count);
        var perPair = results.GroupBy(r => (r.Image.Id, r.Result.Method)).ToList();
        Assert.Equal(run.TotalImages * methods.Count, perPair.Count);
        Assert.All(perPair, g => Assert.Single(g));
        Assert.Equal(methods.Order(StringComparer.Ordinal), results.Select(r => r.Result.Method).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(run.TotalImages, results.Select(r => r.Image.Id).Distinct().Count());
        Assert.All(results, r => Assert.NotNull(r.Result.Psnr));
    }
}

/// <summary>One browser tab watching the dashboard. A script in the page records every distinct progress text it
/// shows (checked five times a second, so no render is missed for long) and whether Blazor's error bar or reconnect
/// dialog ever appeared; console errors and uncaught exceptions are collected here.</summary>
internal sealed class ViewerPage
{
    private readonly List<string> _errors = [];

    private ViewerPage(IBrowserContext context, IPage page, string name)
    {
        Context = context;
        Page = page;
        Name = name;
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }
    public string Name { get; }
    public bool Closed { get; private set; }

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
                return _errors.ToList();
        }
    }

    /// <summary>Opens <paramref name="url"/> in a new context and returns once the navigation has committed (the page
    /// goes on loading: with many tabs on two cores the browser, not the server, takes tens of seconds to parse the
    /// scripts, so callers wait for what they check, e.g. the server's circuits); <paramref name="progressScript"/> is
    /// a JavaScript expression giving the element whose text is the progress (or null while there is none).</summary>
    public static async Task<ViewerPage> OpenAsync(IBrowser browser, string url, string name, string progressScript, int width, int height)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        await context.AddInitScriptAsync($$"""
            (() => {
              window.__progress = [];
              window.__errorUi = false;
              window.__reconnect = false;
              const shown = e => !!e && getComputedStyle(e).display !== 'none' && getComputedStyle(e).visibility !== 'hidden'
                && (e.tagName !== 'DIALOG' || e.open);
              setInterval(() => {
                const el = {{progressScript}};
                if (el) {
                  const text = el.textContent.trim();
                  if (window.__progress[window.__progress.length - 1] !== text)
                    window.__progress.push(text);
                }
                // Blazor shows its error bar by setting display: block on the element itself.
                const errorUi = document.getElementById('blazor-error-ui');
                if (errorUi && errorUi.style.display === 'block') window.__errorUi = true;
                if (shown(document.getElementById('components-reconnect-modal'))) window.__reconnect = true;
              }, 200);
            })();
            """);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        var viewer = new ViewerPage(context, page, name);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                lock (viewer._errors)
                    viewer._errors.Add($"console: {message.Text}");
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
                lock (viewer._errors)
                    viewer._errors.Add($"HTTP {response.Status}: {response.Url}");
        };
        page.PageError += (_, error) =>
        {
            lock (viewer._errors)
                viewer._errors.Add($"page error: {error}");
        };
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        return viewer;
    }

    /// <summary>The distinct progress texts seen so far, in order.</summary>
    public async Task<IReadOnlyList<string>> ProgressSeenAsync() => await Page.EvaluateAsync<string[]>("() => window.__progress");

    /// <summary>Fails when the page showed Blazor's error bar or reconnect dialog, or logged an error.</summary>
    public async Task AssertHealthyAsync()
    {
        await AssertCircuitSurvivedAsync();
        Assert.True(Errors.Count == 0, $"{Name}; browser errors:\n{string.Join("\n", Errors)}");
    }

    /// <summary>Fails when the current document ever showed Blazor's error bar (its circuit failed) or reconnect
    /// dialog.</summary>
    public async Task AssertCircuitSurvivedAsync()
    {
        string messages = $"; browser errors:\n{string.Join("\n", Errors)}";
        Assert.False(await Page.EvaluateAsync<bool>("() => window.__errorUi"), $"{Name}: Blazor's error bar appeared{messages}");
        Assert.False(await Page.EvaluateAsync<bool>("() => window.__reconnect"), $"{Name}: the reconnect dialog appeared{messages}");
        Assert.True(await Page.Locator("#blazor-error-ui").IsHiddenAsync(), $"{Name}: Blazor's error bar is showing{messages}");
    }

    /// <summary>Closes the tab the way a user does (the page is told it is going away), then its context.</summary>
    public async Task CloseAsync()
    {
        if (Closed)
            return;
        Closed = true;
        await Page.CloseAsync(new PageCloseOptions { RunBeforeUnload = true });
        await Context.CloseAsync();
    }
}
