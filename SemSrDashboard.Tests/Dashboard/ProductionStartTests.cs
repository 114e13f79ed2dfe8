using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SemSrDashboard.Hosting;

namespace SemSrDashboard.Tests.Dashboard;

/// <summary>The dashboard as scripts/serve.sh starts it (Release build, Production environment): its pages and
/// static assets load, and browsing them logs no warning.</summary>
[Collection(EndToEnd.BrowserCollection.Name)]
public sealed class ProductionStartTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("semsr-prod-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Pages_and_static_assets_load_in_production_without_warnings_and_unknown_addresses_get_the_not_found_page()
    {
        var logged = new ConcurrentQueue<string>();
        var app = DashboardHost.Build(
            ["--urls", "http://127.0.0.1:0", "--environment", "Production", $"--SemSr:Database={Path.Combine(_folder, "p.db")}",
             "--SemSr:DemoRun=false", $"--SemSr:DataRoots:0={RepositoryPaths.DemoData}"],
            builder => builder.Logging.AddProvider(new Capture(logged)));
        await app.StartAsync();
        try
        {
            Assert.Equal("Production", app.Environment.EnvironmentName);
            string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            foreach (string path in new[] { "/", "/app.css", "/_content/MudBlazor/MudBlazor.min.css", "/_framework/blazor.web.js", "/", "/app.css" })
            {
                using var response = await http.GetAsync(path);
                Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
            }

            // An unknown address: status 404 with the dashboard's own page, not an empty response.
            using var missing = await http.GetAsync("/no/such/page");
            Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Contains("There is nothing here", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            // An endpoint's own explanation is kept.
            using var noRun = await http.GetAsync("/runs/99/export/long.csv");
            Assert.Equal(System.Net.HttpStatusCode.NotFound, noRun.StatusCode);
            Assert.DoesNotContain("There is nothing here", await noRun.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        Assert.Empty(logged);
    }

    /// <summary>Collects every warning or worse.</summary>
    private sealed class Capture(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, sink);
        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<string> sink) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                    sink.Enqueue($"{logLevel} {category}: {formatter(state, exception)}");
            }
        }
    }
}
