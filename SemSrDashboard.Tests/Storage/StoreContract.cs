using Microsoft.EntityFrameworkCore;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Scanning;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Tests.Storage;

/// <summary>What the run, result, lease and transfer stores promise, run against each provider by a subclass
/// (<see cref="SqliteStoreTests"/>, <see cref="PostgresStoreTests"/>): every test gets an empty database of its own.</summary>
public abstract partial class StoreContract : IAsyncLifetime
{
    /// <summary>Metric values that must come back bit for bit: IEEE specials, signed zero, a subnormal, the extremes
    /// and values with no short decimal form.</summary>
    protected static readonly double[] Samples =
    [
        double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.0, -0.0, 0.1, 1.0 / 3.0, Math.PI,
        48.130803608679104, 0.9999999999999999, double.Epsilon, -2.5e-310, double.MaxValue, double.MinValue,
    ];

    private const int MetricColumns = 8;

    protected string Work { get; } = Directory.CreateTempSubdirectory("semsr-store-").FullName;

    protected EvaluationDatabase Database { get; private set; } = null!;

    protected ResultStore Store { get; private set; } = null!;

    /// <summary>A <c>--db</c> value naming a new, empty database.</summary>
    protected abstract Task<string> NewDatabaseAsync();

    public async Task InitializeAsync()
    {
        Database = EvaluationDatabase.Open(DatabaseTarget.Parse(await NewDatabaseAsync()));
        Store = new ResultStore(Database);
    }

    public virtual Task DisposeAsync()
    {
        Directory.Delete(Work, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void Metric_values_come_back_bit_for_bit()
    {
        var run = NewRun([MethodIds.Baseline], images: 2);
        var images = Store.Images(run.Id);
        // Every sample in every metric column, spread over two images' results.
        var written = new List<double?[]>();
        for (int i = 0; i < images.Count; i++)
        {
            var values = Enumerable.Range(0, MetricColumns).Select(c => (double?)Samples[(i * MetricColumns + c) % Samples.Length]).ToArray();
            written.Add(values);
            Store.SaveImage(images[i], [Result(MethodIds.Baseline, ResultStatus.Ok, values)]);
        }

        var read = Store.Results(run.Id);
        Assert.Equal(images.Count, read.Count);
        for (int i = 0; i < images.Count; i++)
        {
            var stored = read.Single(r => r.Image.Id == images[i].Id).Result;
            Assert.Equal(written[i].Select(v => Bits(v!.Value)), Metrics(stored).Select(v => Bits(v!.Value)));
        }
        using (var db = Database.CreateContext())
            Assert.All(db.Results.AsNoTracking().Where(r => r.RunId == run.Id).ToList(), stored => Assert.Null(stored.ExactValues));
        Assert.Equal(Samples.Select(Bits).ToHashSet(), written.SelectMany(v => v).Select(v => Bits(v!.Value)).ToHashSet()); // all written
    }

    [Fact]
    public void A_missing_metric_stays_missing()
    {
        var run = NewRun([MethodIds.Baseline], images: 1);
        var image = Store.Images(run.Id)[0];
        Store.SaveImage(image, [Result(MethodIds.Baseline, ResultStatus.Failed, new double?[MetricColumns])]);
        var stored = Store.Results(run.Id).Single().Result;
        Assert.All(Metrics(stored), Assert.Null);
        Assert.Equal(ResultStatus.Failed, stored.Status);
    }

    [Fact]
    public void Saving_an_image_again_keeps_exactly_one_result_per_method()
    {
        var run = NewRun([MethodIds.Baseline, "lanczos"], images: 2);
        var image = Store.Images(run.Id)[0];
        Store.SaveImage(image, [Result(MethodIds.Baseline, ResultStatus.Ok, [1.0])]);
        Store.SaveImage(image, [Result(MethodIds.Baseline, ResultStatus.Ok, [2.0]), Result("lanczos", ResultStatus.Ok, [3.0])]);

        var stored = Store.Results(run.Id);
        Assert.Equal([(MethodIds.Baseline, 1.0), ("lanczos", 3.0)], stored.Select(r => (r.Result.Method, r.Result.Psnr!.Value)));
        Assert.Equal(2, Store.StoredStatuses(run.Id).Count);
    }

    [Fact]
    public void Counts_done_and_failed_images_per_run_by_the_run_s_own_methods()
    {
        var two = NewRun([MethodIds.Baseline, "lanczos"], images: 4);
        var one = NewRun([MethodIds.Baseline], images: 2);
        var images = Store.Images(two.Id);
        Save(images[0], (MethodIds.Baseline, ResultStatus.Ok), ("lanczos", ResultStatus.Ok));
        Save(images[1], (MethodIds.Baseline, ResultStatus.Ok), ("lanczos", ResultStatus.Failed));
        Save(images[2], (MethodIds.Baseline, ResultStatus.Failed)); // lanczos still missing: not done
        Save(Store.Images(one.Id)[1], (MethodIds.Baseline, ResultStatus.Failed));

        var counts = Store.CountsByRun();

        Assert.Equal((2, 1), counts[two.Id]);
        Assert.Equal((1, 1), counts[one.Id]);
        Assert.Equal(2, counts.Count);
    }

    [Fact]
    public void Runs_read_without_EF_Core_match_what_EF_Core_reads_in_every_column()
    {
        var bare = NewRun([MethodIds.Baseline], images: 1); // every nullable column null
        var full = Store.CreateRun(new RunSettings("/data/ü", [MethodIds.Baseline, "lanczos"]), Scanned(2), skippedFiles: 3, provenance: "{\"app\":\"x\"}");
        Store.UpdateRun(full.Id, r => r with
        {
            LimitPerCategory = 7,
            Subset = "c/0.png\nc/1.png",
            ShardIndex = 1,
            ShardCount = 4,
            SelectionImages = 9,
            Status = RunStatus.Failed,
            Error = "it broke",
            StartedUtc = new DateTime(2026, 12, 2, 10, 11, 12, 345, DateTimeKind.Utc).AddTicks(6789),
            FinishedUtc = new DateTime(2026, 12, 2, 23, 59, 59, DateTimeKind.Utc),
            Provider = "CPU",
            LeaseOwner = "host:42",
            LeaseExpiresUtc = new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            SlurmJobId = "4242",
        });

        List<RunRecord> byEfCore;
        using (var db = Database.CreateContext())
            byEfCore = db.Runs.AsNoTracking().OrderByDescending(r => r.Id).ToList();

        Assert.Equal(byEfCore.Select(Columns), Store.ListRuns().Select(Columns));
        Assert.Equal(Columns(byEfCore.Single(r => r.Id == full.Id)), Columns(Store.FindRun(full.Id)!));
        Assert.Equal(Columns(byEfCore.Single(r => r.Id == bare.Id)), Columns(Store.FindRun(bare.Id)!));
        Assert.Null(Store.FindRun(full.Id + bare.Id + 1));
        Assert.Equal(Columns(byEfCore.Single(r => r.Id == bare.Id)), Columns(Store.FindResumable(new RunSettings("/data", [MethodIds.Baseline]))!));
        Assert.Null(Store.FindResumable(new RunSettings("/data/ü", [MethodIds.Baseline, "lanczos"]))); // failed: not resumable
        Assert.Contains("host:42", Columns(Store.FindRun(full.Id)!)); // the comparison sees the values set above
        Assert.Contains("SlurmJobId=4242", Columns(Store.FindRun(full.Id)!));
    }

    /// <summary>Every stored column of a run (the entity or the record read from the store), with each time's kind, as text.</summary>
    private static string Columns(object run) => string.Join(" | ", run.GetType().GetProperties()
        .Where(p => p.Name != nameof(RunRecord.Images))
        .Select(p => p.GetValue(run) switch
        {
            DateTime time => $"{p.Name}={time:O}/{time.Kind}",
            var value => $"{p.Name}={value ?? "null"}",
        }));

    [Fact]
    public void An_unfinished_run_is_found_again_and_a_deleted_run_takes_its_images_and_results_along()
    {
        var settings = new RunSettings("/data", [MethodIds.Baseline, "lanczos"]);
        var before = DateTime.UtcNow;
        var run = Store.CreateRun(settings, Scanned(3), skippedFiles: 1, provenance: "{\"app\":\"test\"}");
        var kept = NewRun([MethodIds.Baseline], images: 1);
        Assert.Equal(run.Id, Store.FindResumable(settings)!.Id);

        var found = Store.FindRun(run.Id)!;
        Assert.Equal((settings.Fingerprint, $"{MethodIds.Baseline},lanczos", 3, 1),
            (found.Fingerprint, found.Methods, found.TotalImages, found.SkippedFiles));
        Assert.InRange(found.CreatedUtc, before.AddMilliseconds(-1), DateTime.UtcNow);
        Assert.Equal(["c/0.png", "c/1.png", "c/2.png"], Store.Images(run.Id).Select(i => i.RelativePath));

        Store.UpdateRun(run.Id, r => r with { Status = RunStatus.Completed });
        Assert.Null(Store.FindResumable(settings));
        Assert.Equal([kept.Id, run.Id], Store.ListRuns().Select(r => r.Id));

        Save(Store.Images(run.Id)[0], (MethodIds.Baseline, ResultStatus.Ok));
        Assert.True(Store.DeleteRun(run.Id));
        Assert.False(Store.DeleteRun(run.Id));
        Assert.Empty(Store.Images(run.Id));
        using var db = Database.CreateContext();
        Assert.Equal(0, db.Results.Count(r => r.RunId == run.Id));
        Assert.Single(Store.Images(kept.Id));
    }

    [Fact]
    public void A_lease_belongs_to_one_owner_until_it_expires_or_is_released()
    {
        int run = NewRun([MethodIds.Baseline], images: 1).Id;
        var leases = new RunLeases(Database);
        var minute = TimeSpan.FromMinutes(1);

        Assert.True(leases.TryAcquire(run, "a", minute));
        Assert.False(leases.TryAcquire(run, "b", minute));
        Assert.True(leases.TryAcquire(run, "a", minute)); // already ours
        Assert.True(leases.Renew(run, "a", minute));
        Assert.False(leases.Renew(run, "b", minute));
        Assert.Equal("a", leases.HolderOf(run));

        Assert.False(leases.TakeOver(run, "c", "b", minute)); // c does not hold it
        Assert.True(leases.TakeOver(run, "a", "b", minute));
        Assert.Equal("b", leases.HolderOf(run));
        leases.Release(run, "a"); // not a's any more: nothing happens
        Assert.Equal("b", leases.HolderOf(run));
        leases.Release(run, "b");
        Assert.Null(leases.HolderOf(run));

        Assert.True(leases.TryAcquire(run, "a", TimeSpan.FromSeconds(-1))); // already expired
        Assert.True(leases.TryAcquire(run, "b", minute));
        Assert.Equal("b", leases.HolderOf(run));
        Assert.Null(leases.HolderOf(run + 1000));
    }

    [Fact]
    public void A_run_exported_to_a_run_file_and_imported_back_is_unchanged()
    {
        var run = NewRun([MethodIds.Baseline, "lanczos"], images: 3);
        var images = Store.Images(run.Id);
        for (int i = 0; i < images.Count; i++)
        {
            var image = images[i] with { Width = 100 + i, Height = 200 + i };
            Store.SaveImage(image, [
                Result(MethodIds.Baseline, ResultStatus.Ok, [Samples[i], Samples[i + 3], Samples[i + 6]]),
                Result("lanczos", i == 2 ? ResultStatus.Failed : ResultStatus.Ok, [Samples[i + 9], Samples[i + 1]])]);
        }
        Store.UpdateRun(run.Id, r => r with { Status = RunStatus.Running });

        string file = Path.Combine(Work, "run.semsr");
        RunTransfer.Export(Database, run.Id, file);
        int back = Assert.Single(RunTransfer.Import(Database, file));

        Assert.NotEqual(run.Id, back);
        Assert.Equal(RunStatus.Paused, Store.FindRun(back)!.Status); // an unfinished run arrives paused
        Assert.Null(Store.FindRun(back)!.LeaseOwner);
        // A run file is a SQLite database: the values arrive exactly, NaN and −0 included.
        Assert.Equal(Describe(Store.Results(run.Id)), Describe(Store.Results(back)));
        Assert.Equal(6, Store.Results(back).Count);
    }

    [Fact]
    public void Data_roots_are_listed_in_the_order_they_were_added()
    {
        var roots = new DataRootStore(Database);
        Assert.True(roots.Add("/srv/b"));
        Assert.True(roots.Add("/srv/a"));
        Assert.False(roots.Add("/srv/b"));
        Assert.Equal(["/srv/b", "/srv/a"], roots.List());
        Assert.True(roots.Remove("/srv/b"));
        Assert.False(roots.Remove("/srv/b"));
        Assert.Equal(["/srv/a"], roots.List());
    }

    [Fact]
    public void Claims_hand_each_unfinished_image_to_one_worker_and_expired_claims_go_again()
    {
        var run = NewRun(["bicubic", "lanczos"], images: 5);
        var images = Store.Images(run.Id);
        var claims = new ImageClaims(Database);
        var lease = TimeSpan.FromMinutes(1);
        Save(images[0], ("bicubic", ResultStatus.Ok), ("lanczos", ResultStatus.Ok)); // done: never claimed
        Save(images[1], ("bicubic", ResultStatus.Ok)); // one method missing: still to do

        Assert.Equal([images[1].Id, images[2].Id], claims.Claim(run.Id, "a", 2, lease).Select(i => i.Id));
        Assert.Equal([images[3].Id, images[4].Id], claims.Claim(run.Id, "b", 10, lease).Select(i => i.Id));
        Assert.Empty(claims.Claim(run.Id, "c", 10, lease));
        Assert.Equal(4, claims.Unfinished(run.Id));
        Assert.Equal(0, claims.Claimable(run.Id));

        Assert.Equal(2, claims.Release(run.Id, "b"));
        // A claim that has already expired (its worker died) is taken by the next worker that asks.
        Assert.Equal([images[3].Id, images[4].Id], claims.Claim(run.Id, "d", 10, TimeSpan.FromSeconds(-1)).Select(i => i.Id));
        Assert.Equal([images[3].Id, images[4].Id], claims.Claim(run.Id, "e", 10, lease).Select(i => i.Id));
        using var db = Database.CreateContext();
        Assert.Equal(["a", "a", "e", "e"], db.Images.Where(i => i.RunId == run.Id && i.ClaimedBy != null).OrderBy(i => i.Id).Select(i => i.ClaimedBy!).ToList());
    }

    [Fact]
    public async Task Concurrent_claims_never_hand_an_image_to_two_workers()
    {
        var run = NewRun(["bicubic"], images: 60);
        var claimed = await Task.WhenAll(Enumerable.Range(0, 6).Select(w => Task.Run(() =>
        {
            var claims = new ImageClaims(Database);
            var mine = new List<int>();
            while (claims.Claim(run.Id, $"w{w}", 3, TimeSpan.FromMinutes(1)) is { Count: > 0 } batch)
                mine.AddRange(batch.Select(i => i.Id));
            return mine;
        })));
        var all = claimed.SelectMany(ids => ids).ToList();
        Assert.Equal(60, all.Count);
        Assert.Equal(Store.Images(run.Id).Select(i => i.Id).Order(), all.Order());
    }

    [Fact]
    public void A_repeated_save_adds_nothing_and_only_the_last_image_completes_the_run_once()
    {
        var run = NewRun(["bicubic"], images: 2);
        var images = Store.Images(run.Id);
        var claims = new ImageClaims(Database);
        var workers = new RunWorkers(Database);
        var now = DateTime.UtcNow;
        workers.Register(Worker("w", run.Id, WorkerStates.Running, now, now));
        Assert.True(claims.TryStart(run.Id, "CPU"));
        Assert.False(claims.TryStart(run.Id, "CPU"));
        Assert.Equal(2, claims.Claim(run.Id, "w", 2, TimeSpan.FromMinutes(1)).Count);

        Assert.Equal(1, Store.SaveImage(images[0], [Result("bicubic", ResultStatus.Ok, [30.0])], "w"));
        Assert.Equal(0, Store.SaveImage(images[0], [Result("bicubic", ResultStatus.Ok, [31.0])], "w"));
        Assert.False(claims.TryComplete(run.Id));
        Assert.Equal(1, Store.SaveImage(images[1], [Result("bicubic", ResultStatus.Ok, [32.0])], "w"));
        Assert.True(claims.TryComplete(run.Id));
        Assert.False(claims.TryComplete(run.Id));

        Assert.Equal([30.0, 32.0], Store.Results(run.Id).Select(r => r.Result.Psnr!.Value).Order());
        Assert.Equal(RunStatus.Completed, Store.FindRun(run.Id)!.Status);
        Assert.Equal("CPU", Store.FindRun(run.Id)!.Provider);
        Assert.Equal(2, workers.Find("w")!.ImagesDone);
        Assert.Equal(0, claims.Release(run.Id, "w")); // stored images' claims are closed
    }

    [Fact]
    public void Only_runs_with_a_running_worker_that_beat_within_the_lease_have_live_workers()
    {
        int[] runs = Enumerable.Range(0, 4).Select(_ => NewRun(["bicubic"], images: 1).Id).ToArray();
        var workers = new RunWorkers(Database);
        var now = DateTime.UtcNow;
        void Add(string id, int run, string state, double secondsAgo) =>
            workers.Register(Worker(id, run, state, now.AddMinutes(-5), now.AddSeconds(-secondsAgo)));
        Add("live", runs[0], WorkerStates.Running, 2);
        Add("lost", runs[1], WorkerStates.Running, 60);
        Add("done", runs[2], WorkerStates.Finished, 1);
        Add("also-live", runs[3], WorkerStates.Running, 10);
        Add("also-lost", runs[3], WorkerStates.Running, 90);

        Assert.Equal([runs[0], runs[3]], workers.RunsWithLiveWorkers(TimeSpan.FromSeconds(30)).Order());
    }

    private static WorkerSnapshot Worker(string id, int runId, string state, DateTime started, DateTime lastHeartbeat) =>
        new(id, runId, "h", SlurmJobId: null, ArrayTaskId: null, Provider: null, state, Reason: null, ImagesDone: 0, started,
            lastHeartbeat, FinishedUtc: null);

    protected StoredRun NewRun(string[] methods, int images) =>
        Store.CreateRun(new RunSettings("/data", methods), Scanned(images), 0, null);

    private static List<ScannedImage> Scanned(int count) =>
        Enumerable.Range(0, count).Select(i => new ScannedImage("c", $"c/{i}.png", $"/data/c/{i}.png")).ToList();

    private void Save(StoredImage image, params (string Method, string Status)[] results) =>
        Store.SaveImage(image, results.Select(r => Result(r.Method, r.Status, [])).ToList());

    /// <summary>A result with <paramref name="metrics"/> in column order psnr, ssim, ssim_skimage, ms_ssim, gmsd,
    /// lr_psnr, detail_corr, detail_ratio (missing ones null).</summary>
    private static MethodScore Result(string method, string status, double?[] metrics)
    {
        double? At(int i) => i < metrics.Length ? metrics[i] : null;
        return new MethodScore
        {
            Method = method, Status = status, CreatedUtc = DateTime.UtcNow,
            Psnr = At(0), Ssim = At(1), SsimSkimage = At(2), MsSsim = At(3), Gmsd = At(4), LrPsnr = At(5), DetailCorr = At(6),
            DetailRatio = At(7),
        };
    }

    private static double?[] Metrics(StoredResult r) =>
        [r.Psnr, r.Ssim, r.SsimSkimage, r.MsSsim, r.Gmsd, r.LrPsnr, r.DetailCorr, r.DetailRatio];

    private static List<string> Describe(IReadOnlyList<(StoredImage Image, StoredResult Result)> results) =>
        results.Select(r => $"{r.Image.RelativePath} {r.Image.Width}x{r.Image.Height} {r.Result.Method} {r.Result.Status} "
                            + string.Join(' ', Metrics(r.Result).Select(v => v is null ? "null" : Bits(v.Value).ToString("x16"))))
            .ToList();

    /// <summary>The value's bits, every NaN as .NET's one NaN (a NaN's payload is not a value).</summary>
    protected static long Bits(double value) => BitConverter.DoubleToInt64Bits(double.IsNaN(value) ? double.NaN : value);
}
