using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Scanning;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Model;
using SemSrDashboard.Services;

namespace SemSrDashboard.Tests.Dashboard;

/// <summary>The dashboard's shared read model of run results, on a real SQLite database: subscribers see results as
/// they are stored (also by another writer, which the cache only sees by polling), however many subscribers there are
/// the store is asked at most once per interval per run, snapshots equal what the store holds, and runs nobody views
/// are evicted.</summary>
public sealed class RunResultsCacheTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(400);
    private static readonly string[] Methods = [MethodIds.Baseline, "lanczos"];
    private readonly string _folder = Directory.CreateTempSubdirectory("semsr-cache-").FullName;
    private readonly ResultStore _store;
    private readonly ProgressBroadcaster _progress = new(NullLogger<ProgressBroadcaster>.Instance);

    public RunResultsCacheTests() => _store = EngineContext.Open(Path.Combine(_folder, "semsr.db")).Store;

    private RunResultsCache NewCache(TimeSpan? evictionDelay = null) =>
        new(_store, _progress, NullLogger<RunResultsCache>.Instance, new RunResultsCacheOptions(Interval, evictionDelay ?? TimeSpan.Zero));

    [Fact]
    public async Task A_subscriber_sees_results_stored_after_it_subscribed_and_the_snapshot_equals_the_store()
    {
        var run = NewRun(images: 4, RunStatus.Running);
        var images = _store.Images(run.Id);
        using var cache = NewCache();
        var seen = new ConcurrentQueue<RunResultsSnapshot>();
        using var subscription = cache.Subscribe(run.Id, s => { seen.Enqueue(s); return Task.CompletedTask; })!;
        Assert.Empty(subscription.Current.Results);

        // Stored in an order other than the pages' (path, then method): the merged snapshot must still be in page order.
        Save(images[2], 1.0, (MethodIds.Baseline, ResultStatus.Ok), ("lanczos", ResultStatus.Ok));
        await WaitUntilAsync(() => subscription.Current.Results.Count == 2);
        Save(images[0], 2.0, (MethodIds.Baseline, ResultStatus.Ok), ("lanczos", ResultStatus.Failed));
        Save(images[1], 3.0, ("lanczos", ResultStatus.Ok)); // not done: its baseline is missing
        await WaitUntilAsync(() => subscription.Current.Results.Count == 5);

        var snapshot = subscription.Current;
        Assert.Equal(Keys(_store.Results(run.Id)), Keys(snapshot.Results));
        Assert.Equal(_store.CountsByRun()[run.Id], snapshot.Counts);
        Assert.Equal((2, 1), snapshot.Counts);
        // The images evaluated since the first load carry what was stored with their results.
        Assert.Equal(_store.Images(run.Id).Select(i => (i.Id, i.Width)), snapshot.Images.Select(i => (i.Id, i.Width)));
        Assert.Contains(snapshot.Images, i => i.Width == 64);
        await WaitUntilAsync(() => ReferenceEquals(seen.LastOrDefault(), snapshot)); // the callback gets the same snapshot
        Assert.Equal(1, cache.FullLoads);
    }

    [Fact]
    public async Task Two_subscribers_share_one_load_and_one_query_per_interval()
    {
        var run = NewRun(images: 8, RunStatus.Running);
        var images = _store.Images(run.Id);
        using var cache = NewCache();
        using var first = cache.Subscribe(run.Id)!;
        using var second = cache.Subscribe(run.Id)!;
        Assert.Equal(1, cache.FullLoads);
        Assert.Same(first.Current, second.Current);

        var clock = Stopwatch.StartNew();
        long before = cache.RefreshQueries;
        foreach (var image in images)
        {
            Save(image, 1.0, (MethodIds.Baseline, ResultStatus.Ok), ("lanczos", ResultStatus.Ok));
            await Task.Delay(150);
        }
        await WaitUntilAsync(() => first.Current.Results.Count == 16 && second.Current.Results.Count == 16);
        double elapsed = clock.Elapsed.TotalSeconds;
        long queries = cache.RefreshQueries - before;

        Assert.Same(first.Current, second.Current);
        // One query per interval for the run, not one per subscriber: at most elapsed / interval (+1 for the edges).
        Assert.InRange(queries, 1, (long)Math.Ceiling(elapsed / Interval.TotalSeconds) + 1);
        Assert.Equal(1, cache.FullLoads);
    }

    [Fact]
    public async Task A_finished_run_is_not_polled()
    {
        var run = NewRun(images: 2, RunStatus.Completed);
        using var cache = NewCache();
        using var subscription = cache.Subscribe(run.Id)!;
        await Task.Delay(Interval * 4);
        Assert.Equal(0, cache.RefreshQueries);
        Assert.Equal(1, cache.FullLoads);
    }

    [Fact]
    public async Task A_run_that_ends_is_loaded_once_more_in_full_and_then_left_alone()
    {
        var run = NewRun(images: 2, RunStatus.Running);
        var images = _store.Images(run.Id);
        using var cache = NewCache();
        using var subscription = cache.Subscribe(run.Id)!;
        Save(images[0], 1.0, (MethodIds.Baseline, ResultStatus.Ok), ("lanczos", ResultStatus.Ok));
        Save(images[1], 1.0, (MethodIds.Baseline, ResultStatus.Ok), ("lanczos", ResultStatus.Ok));
        _store.UpdateRun(run.Id, r => r with { Status = RunStatus.Completed });

        await WaitUntilAsync(() => subscription.Current.Run.Status == RunStatus.Completed);
        Assert.Equal(2, cache.FullLoads);
        Assert.Equal(Keys(_store.Results(run.Id)), Keys(subscription.Current.Results));
        long queries = cache.RefreshQueries;
        await Task.Delay(Interval * 3);
        Assert.Equal(queries, cache.RefreshQueries);
        Assert.Equal(2, cache.FullLoads);
    }

    [Fact]
    public async Task A_run_nobody_holds_is_evicted_after_the_delay_and_reused_before_it()
    {
        var run = NewRun(images: 2, RunStatus.Completed);
        using var cache = NewCache(evictionDelay: TimeSpan.FromSeconds(1));
        cache.Subscribe(run.Id)!.Dispose();
        Assert.Equal(1, cache.CachedRuns);
        Assert.Equal(0, cache.HeldRuns);

        using (cache.Subscribe(run.Id)) // within the delay: no second load
            Assert.Equal(1, cache.FullLoads);

        await WaitUntilAsync(() => cache.CachedRuns == 0);
        using var again = cache.Subscribe(run.Id)!;
        Assert.Equal(2, cache.FullLoads);
    }

    [Fact]
    public void Without_a_delay_the_last_release_evicts_at_once_and_an_unknown_run_is_not_kept()
    {
        var run = NewRun(images: 2, RunStatus.Completed);
        using var cache = NewCache();
        var first = cache.Subscribe(run.Id)!;
        var second = cache.Subscribe(run.Id)!;
        first.Dispose();
        Assert.Equal(1, cache.CachedRuns);
        second.Dispose();
        second.Dispose(); // twice is harmless
        Assert.Equal(0, cache.CachedRuns);

        Assert.Null(cache.Subscribe(run.Id + 100));
        Assert.Equal(0, cache.CachedRuns);
    }

    [Fact]
    public async Task A_disposed_subscription_is_not_called_again()
    {
        var run = NewRun(images: 2, RunStatus.Running);
        var images = _store.Images(run.Id);
        using var cache = NewCache();
        int calls = 0;
        using var watcher = cache.Subscribe(run.Id)!;
        var leaving = cache.Subscribe(run.Id, _ => { Interlocked.Increment(ref calls); return Task.CompletedTask; })!;
        leaving.Dispose();
        Save(images[0], 1.0, (MethodIds.Baseline, ResultStatus.Ok), ("lanczos", ResultStatus.Ok));
        await WaitUntilAsync(() => watcher.Current.Results.Count == 2);
        await Task.Delay(Interval);
        Assert.Equal(0, calls);
    }

    private StoredRun NewRun(int images, string status)
    {
        var run = _store.CreateRun(new RunSettings("/data", Methods),
            Enumerable.Range(0, images).Select(i => new ScannedImage("c", $"c/{i}.png", $"/data/c/{i}.png")).ToList(), 0, null);
        _store.UpdateRun(run.Id, r => r with { Status = status });
        return _store.FindRun(run.Id)!;
    }

    private void Save(StoredImage image, double psnr, params (string Method, string Status)[] results) =>
        _store.SaveImage(image with { Width = 64, Height = 64 }, results.Select(r => new MethodScore
        {
            Method = r.Method, Status = r.Status, Psnr = r.Status == ResultStatus.Ok ? psnr : null,
            CreatedUtc = DateTime.UtcNow,
        }).ToList());

    private static List<(long, int, string)> Keys(IEnumerable<(StoredImage Image, StoredResult Result)> results) =>
        results.Select(r => (r.Result.Id, r.Image.Id, r.Result.Method)).ToList();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "timed out waiting for the cache");
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
