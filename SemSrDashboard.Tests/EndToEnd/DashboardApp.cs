using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using SemSrDashboard.Hosting;

namespace SemSrDashboard.Tests.EndToEnd;

/// <summary>The dashboard started in-process on a free port, with a temporary database and a temporary data root
/// holding a few of the bundled demo images in two categories. <c>seed</c> may fill the database first (e.g. a run
/// made with the command line) and <c>more</c> copy further images beside the data root.</summary>
internal sealed class DashboardApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardApp(WebApplication app, string folder, string dataRoot, string url)
    {
        _app = app;
        Folder = folder;
        DataRoot = dataRoot;
        Url = url;
    }

    public string Folder { get; }
    public string DataRoot { get; }
    public string Url { get; }

    public string Database => Path.Combine(Folder, "e2e.db");
    public IServiceProvider Services => _app.Services;

    /// <summary>Two demo images in each of two categories.</summary>
    /// <param name="seed">Runs before the host starts, with the data root and the database path.</param>
    public static Task<DashboardApp> StartAsync(Func<string, string, Task>? seed = null) => StartAsync(CopyDemoImages, seed);

    /// <summary>Starts the dashboard on a data root that <paramref name="populate"/> fills (it gets the folder's path).</summary>
    public static Task<DashboardApp> StartAsync(Action<string> populate) => StartAsync(populate, seed: null);

    private static void CopyDemoImages(string dataRoot)
    {
        string demo = RepositoryPaths.DemoData;
        CopyImages(Path.Combine(demo, "Nanowires"), Path.Combine(dataRoot, "Nanowires"));
        CopyImages(Path.Combine(demo, "Patterned_surface"), Path.Combine(dataRoot, "Patterned_surface"));
    }

    /// <summary>Starts the dashboard on a data root that <paramref name="populate"/> fills, after <paramref name="seed"/>.</summary>
    public static async Task<DashboardApp> StartAsync(Action<string> populate, Func<string, string, Task>? seed)
    {
        string folder = Directory.CreateTempSubdirectory("semsr-e2e-").FullName;
        string dataRoot = Path.Combine(folder, "data");
        Directory.CreateDirectory(dataRoot);
        populate(dataRoot);
        if (seed is not null)
            await seed(dataRoot, Path.Combine(folder, "e2e.db"));

        var app = DashboardHost.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--SemSr:Database={Path.Combine(folder, "e2e.db")}",
            "--SemSr:DemoRun=false",
            // A tab closed without a goodbye (a loaded machine) releases its circuit after 5 s instead of 3 minutes.
            "--SemSr:DisconnectedCircuitRetentionSeconds=5",
            $"--SemSr:DataRoots:0={dataRoot}",
            // Fine-tuned models go to the temporary folder, never to the user's model folder.
            $"--SemSr:FineTuneFolder={Path.Combine(folder, "models")}",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? app.Urls.First();
        return new DashboardApp(app, folder, dataRoot, url.TrimEnd('/'));
    }

    /// <summary>Copies the first <paramref name="count"/> PNG images of a folder (by name) into <paramref name="to"/>.</summary>
    public static void CopyImages(string from, string to, int count = 2)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from, "*.png").Order(StringComparer.Ordinal).Take(count))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open: the temp folder is cleaned up by the system
        }
    }
}
