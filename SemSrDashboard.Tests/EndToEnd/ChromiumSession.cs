using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SemSrDashboard.Services;
using SemSrDashboard.Tests.Viewers;

namespace SemSrDashboard.Tests.EndToEnd;

/// <summary>Debian's Chromium (<see cref="ChromiumBrowser"/>) driven headless by Playwright: one page at 1366 × 768 that records
/// the browser's errors and warnings; screenshots go to test-output/ at the repository root.</summary>
internal sealed class ChromiumSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly List<string> _errors = [];

    private ChromiumSession(IPlaywright playwright, IBrowser browser, IPage page, string screenshots)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        Screenshots = screenshots;
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
                lock (_errors)
                    _errors.Add(message.Text);
        };
        page.PageError += (_, error) =>
        {
            lock (_errors)
                _errors.Add(error);
        };
    }

    public IPage Page { get; }
    public string Screenshots { get; }

    /// <summary>The browser's error and warning messages so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get { lock (_errors) return _errors.ToList(); }
    }

    public static async Task<ChromiumSession> StartAsync()
    {
        string screenshots = ChromiumBrowser.ScreenshotFolder();
        var playwright = await Playwright.CreateAsync();
        var browser = await ChromiumBrowser.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 768 } });
        page.SetDefaultTimeout(20_000);
        // A loaded 2-core machine renders charts slowly: wait as long for expectations as for actions.
        Assertions.SetDefaultExpectTimeout(20_000);
        return new ChromiumSession(playwright, browser, page, screenshots);
    }

    public Task ScreenshotAsync(string name, bool fullPage = false) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name), FullPage = fullPage });

    /// <summary>The page is prerendered: clicks until the interactive circuit has taken over and
    /// <paramref name="expected"/> appears.</summary>
    public async Task ClickUntilVisibleAsync(ILocator button, ILocator expected)
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            if (await expected.IsVisibleAsync())
                return;
            bool covered = await button.Page.Locator(".mud-overlay").CountAsync() > 0; // a dialog is opening
            await button.ClickAsync(new LocatorClickOptions { Timeout = 2_000, Trial = covered });
            try
            {
                // Long enough for a loaded machine to open a dialog, so a slow first click is not repeated.
                await expected.WaitForAsync(new LocatorWaitForOptions { Timeout = 5_000 });
                return;
            }
            catch (TimeoutException)
            {
                // not interactive yet
            }
        }
        Assert.Fail("The dashboard did not react to clicks. Browser messages:\n" + string.Join("\n", Errors));
    }

    /// <summary>Waits until the page's circuit is open on the server: from then on Blazor, not the browser, handles
    /// the page's links and buttons. (A click on a link before that is an ordinary navigation, which the circuit
    /// starting late can undo.)</summary>
    public async Task WaitForInteractiveAsync(DashboardApp app)
    {
        await Page.WaitForFunctionAsync("() => window.Blazor !== undefined");
        var circuits = app.Services.GetRequiredService<OpenCircuits>();
        await ViewerTestSupport.WaitUntilAsync(() => circuits.Count > 0, TimeSpan.FromSeconds(60),
            () => "the page's circuit did not open. Browser messages:\n" + string.Join("\n", Errors));
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
