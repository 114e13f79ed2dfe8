using Microsoft.Data.Sqlite;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Scanning;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Tests.Storage;

/// <summary>The runs table's done and failed counts: an image is done when every method of its run has a result, ok or
/// failed; it counts as failed when any of them failed.</summary>
public sealed class ResultCountsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("semsr-counts-").FullName;

    [Fact]
    public void Counts_done_and_failed_images_per_run_by_the_run_s_own_methods()
    {
        var store = EngineContext.Open(Path.Combine(_folder, "semsr.db")).Store;
        var two = NewRun(store, [MethodIds.Baseline, "lanczos"], 4);
        var one = NewRun(store, [MethodIds.Baseline], 2);
        var images = store.Images(two.Id);
        Save(store, images[0], (MethodIds.Baseline, ResultStatus.Ok), ("lanczos", ResultStatus.Ok));
        Save(store, images[1], (MethodIds.Baseline, ResultStatus.Ok), ("lanczos", ResultStatus.Failed));
        Save(store, images[2], (MethodIds.Baseline, ResultStatus.Failed)); // lanczos still missing: not done
        Save(store, store.Images(one.Id)[1], (MethodIds.Baseline, ResultStatus.Failed));

        var counts = store.CountsByRun();

        Assert.Equal((2, 1), counts[two.Id]);
        Assert.Equal((1, 1), counts[one.Id]);
        Assert.Equal(2, counts.Count);
    }

    private static RunRecord NewRun(ResultStore store, string[] methods, int images) =>
        store.CreateRun(new RunSettings("/data", methods),
            Enumerable.Range(0, images).Select(i => new ScannedImage("c", $"c/{i}.png", $"/data/c/{i}.png")).ToList(), 0, null);

    private static void Save(ResultStore store, ImageRecord image, params (string Method, string Status)[] results) =>
        store.SaveImage(image, results.Select(r => new ResultRecord
        {
            RunId = image.RunId, ImageId = image.Id, Method = r.Method, Status = r.Status, CreatedUtc = DateTime.UtcNow,
        }).ToList());

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
