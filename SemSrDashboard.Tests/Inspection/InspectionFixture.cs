using Microsoft.Extensions.DependencyInjection;
using SemSrDashboard.Cli;
using SemSrDashboard.Engine;
using SemSrDashboard.Tests.EndToEnd;

namespace SemSrDashboard.Tests.Inspection;

/// <summary>The dashboard on a database holding three small runs made with the command line (bicubic and the fast
/// rdn-slim-x4 model): run 1 on the app's data root (2 Nanowires and 2 Patterned_surface images, every output kept),
/// run 2 on one image with no outputs kept, run 3 on one image whose source file was deleted after the run.</summary>
public sealed class InspectionFixture : IAsyncLifetime
{
    public const string Model = "rdn-slim-x4";
    public const int KeptRun = 1, NotKeptRun = 2, MovedRun = 3;

    private DashboardApp? _app;

    internal DashboardApp App => _app ?? throw new InvalidOperationException("not started");
    public HttpClient Http { get; private set; } = new();
    public EngineContext Engine => App.Services.GetRequiredService<EngineContext>();
    public string MovedSource { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _app = await DashboardApp.StartAsync(async (dataRoot, db) =>
        {
            string parent = Path.GetDirectoryName(dataRoot)!;
            string demo = Path.Combine(RepositoryPaths.DemoData, "Nanowires");
            await EvaluateAsync(dataRoot, db, "all");
            string other = Path.Combine(parent, "other");
            DashboardApp.CopyImages(demo, Path.Combine(other, "Nanowires"), 1);
            await EvaluateAsync(other, db, "none");
            string moved = Path.Combine(parent, "moved");
            DashboardApp.CopyImages(demo, Path.Combine(moved, "Nanowires"), 1);
            await EvaluateAsync(moved, db, "all");
            MovedSource = Directory.GetFiles(Path.Combine(moved, "Nanowires")).Single();
            File.Delete(MovedSource);
        });
        Http = new HttpClient { BaseAddress = new Uri(App.Url) };
    }

    public static async Task EvaluateAsync(string data, string db, string storeOutputs)
    {
        var errors = new StringWriter();
        int code = await CommandLine.RunAsync(
            ["evaluate", "--data", data, "--methods", $"bicubic,{Model}", "--db", db, "--store-outputs", storeOutputs, "--device", "cpu"],
            TextWriter.Null, errors);
        Assert.True(code == 0, $"evaluate failed ({code}): {errors}");
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
