using System.Collections.Concurrent;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;
using SemSrDashboard.Components.Controls.Chart;
using SemSrDashboard.Model;

namespace SemSrDashboard.Tests.Dashboard;

/// <summary>A chart whose first draw fails in the browser (plotly.js not loaded, an interop timeout) shows a short
/// reason and a Retry button in its place, logs the cause, and draws on Retry; the failure never reaches the
/// renderer (which would end the circuit and show Blazor's error bar).</summary>
public sealed class ChartErrorBoundaryTests : DashboardTestContext
{
    private const string InteropModule = "./_content/Plotly.Blazor/plotly-interop-7.2.0.js";
    private readonly LogSink _log = new();

    public ChartErrorBoundaryTests()
    {
        Services.AddLogging(logging => logging.AddProvider(_log));
        JSInterop.Mode = JSRuntimeMode.Strict; // every call the chart makes is one this test set up
    }

    private static readonly IReadOnlyList<HistogramSeries> Series = [new("rdn-slim-x4 − bicubic", [-1, 0, 1], [2, 3])];

    public static TheoryData<string, Exception, string> Failures => new()
    {
        { "script", new JSException("Failed to load script ./_content/Plotly.Blazor/plotly-basic-3.7.0.min.js: undefined"),
            "the browser reported an error (Failed to load script ./_content/Plotly.Blazor/plotly-basic-3.7.0.min.js: undefined)" },
        { "timeout", new TaskCanceledException("JS interop call timed out"), "the browser did not answer in time" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_failed_first_draw_shows_a_retry_in_the_charts_place_and_is_logged_and_retry_draws_it(string _, Exception failure, string reason)
    {
        var module = JSInterop.SetupModule(InteropModule);
        module.SetupVoid("importScript", "plotly-import", "./_content/Plotly.Blazor/plotly-basic-3.7.0.min.js").SetException(failure);

        var cut = Render<HistogramChart>(p => p.Add(c => c.Id, "delta-psnr").Add(c => c.Series, Series).Add(c => c.Height, 240));

        var retry = cut.WaitForElement("[data-testid=chart-retry]");
        Assert.Contains($"Chart not drawn: {reason}.", retry.TextContent);
        Assert.Equal("Retry", retry.QuerySelector("button")!.TextContent.Trim());
        Assert.Contains("height: 240px", retry.GetAttribute("style"));
        Assert.Empty(cut.FindAll("#delta-psnr")); // the chart's element is gone, its place kept
        var logged = Assert.Single(_log.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal($"Chart delta-psnr not drawn: {reason}", logged.Message);
        Assert.Same(failure, logged.Exception);

        // Retry: plotly.js loads this time; a script element left by a failed load is removed first.
        var retryModule = JSInterop.SetupModule("/js/plotly-retry.js");
        retryModule.SetupVoid("forgetFailedLoad").SetVoidResult();
        module.SetupVoid("importScript", "plotly-import", "./_content/Plotly.Blazor/plotly-basic-3.7.0.min.js").SetVoidResult();
        module.SetupVoid("newPlot", _ => true).SetVoidResult();
        cut.Find("[data-testid=chart-retry] button").Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("#delta-psnr")));
        Assert.Empty(cut.FindAll("[data-testid=chart-retry]"));
        retryModule.VerifyInvoke("forgetFailedLoad");
        var drawn = module.VerifyInvoke("newPlot");
        Assert.Equal("delta-psnr", drawn.Arguments[0]);
    }

    [Fact]
    public void The_basic_plotly_bundle_is_the_one_loaded()
    {
        var module = JSInterop.SetupModule(InteropModule);
        module.SetupVoid("importScript", _ => true).SetVoidResult();
        module.SetupVoid("newPlot", _ => true).SetVoidResult();

        Render<HistogramChart>(p => p.Add(c => c.Id, "delta-ssim").Add(c => c.Series, Series));

        var import = module.VerifyInvoke("importScript");
        Assert.Equal(["plotly-import", "./_content/Plotly.Blazor/plotly-basic-3.7.0.min.js"], import.Arguments);
    }

    /// <summary>Keeps what the components log.</summary>
    private sealed class LogSink : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(LogSink sink) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                sink.Entries.Enqueue((logLevel, formatter(state, exception), exception));
        }
    }
}
