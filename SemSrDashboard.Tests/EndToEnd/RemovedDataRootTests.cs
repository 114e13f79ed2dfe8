using Microsoft.Extensions.DependencyInjection;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Services;
using static SemSrDashboard.Tests.Viewers.ViewerTestSupport;

namespace SemSrDashboard.Tests.EndToEnd;

/// <summary>A data folder added from the dashboard and removed again after a run on it: the run's page, its images
/// and its export still open, because removing a folder only stops new runs from choosing it.</summary>
public sealed class RemovedDataRootTests
{
    private static readonly string[] Methods = [MethodIds.Baseline, "bilinear"];

    [Fact]
    public async Task A_run_on_a_removed_data_folder_keeps_its_page_images_and_export()
    {
        await using var app = await DashboardApp.StartAsync(_ => { });
        string added = Path.Combine(app.Folder, "added");
        DashboardApp.CopyImages(Path.Combine(RepositoryPaths.DemoData, "Nanowires"), Path.Combine(added, "Nanowires"));
        var roots = app.Services.GetRequiredService<DataRoots>();
        var outcome = roots.Add(added);
        Assert.True(outcome.Accepted, outcome.Refusal);
        var run = app.Services.GetRequiredService<RunQueueService>().Enqueue(new RunSettings(added, Methods, Device: Devices.Cpu));
        await WaitForStatusAsync(app, run.Id, TimeSpan.FromMinutes(3), RunStatus.Completed);

        var (removed, message) = roots.Remove(roots.All.Single(r => r.Path == added));

        Assert.True(removed, message);
        Assert.Contains("Its 1 run(s) are kept", message);
        Assert.False(roots.Contains(added));
        using var http = new HttpClient { BaseAddress = new Uri(app.Url) };
        var page = await http.GetAsync($"/runs/{run.Id}");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Nanowires", await page.Content.ReadAsStringAsync());
        int imageId = app.Services.GetRequiredService<EngineContext>().Store.Images(run.Id)[0].Id;
        var original = await http.GetAsync($"/runs/{run.Id}/images/{imageId}/original.png");
        Assert.Equal(System.Net.HttpStatusCode.OK, original.StatusCode);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await original.Content.ReadAsByteArrayAsync())[..4]);
        string[] csv = (await http.GetStringAsync($"/runs/{run.Id}/export/long.csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 2 * Methods.Length, csv.Length); // header, two images × two methods
    }
}
