using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Scanning;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Services;

namespace SemSrDashboard.Tests.Dashboard;

/// <summary>The runs pages' shared list: one read of the store per second for all of them, a fresh read after this
/// server changed a run or reported an end the list does not show yet, and the same counts as the store.</summary>
public sealed class RunListCacheTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("semsr-list-").FullName;

    [Fact]
    public async Task Pages_share_one_read_per_second_and_see_changes_made_here_or_reported_at_once()
    {
        var store = EngineContext.Open(Path.Combine(_folder, "semsr.db")).Store;
        var progress = new ProgressBroadcaster(NullLogger<ProgressBroadcaster>.Instance);
        var run = store.CreateRun(new RunSettings("/data", [MethodIds.Baseline]),
            [new ScannedImage("c", "c/0.png", "/data/c/0.png"), new ScannedImage("c", "c/1.png", "/data/c/1.png")], 0, null);
        store.UpdateRun(run.Id, r => r with { Status = RunStatus.Running });
        var image = store.Images(run.Id)[0];
        store.SaveImage(image, [new MethodScore { Method = MethodIds.Baseline, Status = ResultStatus.Failed, CreatedUtc = DateTime.UtcNow }]);
        var cache = new RunListCache(store, progress);

        var first = cache.Current();
        Assert.Same(first, cache.Current()); // a second page within the second: no read
        Assert.Equal(1, cache.Loads);
        Assert.Equal(store.CountsByRun()[run.Id], first.Counts[run.Id]);
        Assert.Equal((1, 1), first.Counts[run.Id]);

        cache.Invalidate();
        Assert.Equal(RunStatus.Running, cache.Current().Runs.Single().Status);
        Assert.Equal(2, cache.Loads);

        // The run ends: its final progress arrives before the list is a second old; the list is read again.
        store.UpdateRun(run.Id, r => r with { Status = RunStatus.Completed });
        progress.Publish(new RunProgress(run.Id, RunStatus.Completed, 2, 2, 1, 0, null, null, null, []));
        await Task.Delay(150);
        Assert.Equal(RunStatus.Completed, cache.Current().Runs.Single().Status);
        Assert.Equal(3, cache.Loads);
        Assert.Equal(RunStatus.Completed, cache.Current().Runs.Single().Status);
        Assert.Equal(3, cache.Loads);

        // Timers count whole milliseconds and may fire up to one early against the Stopwatch: wait a little longer.
        await Task.Delay(RunListCache.MaximumAge + TimeSpan.FromMilliseconds(20));
        cache.Current();
        Assert.Equal(4, cache.Loads);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
