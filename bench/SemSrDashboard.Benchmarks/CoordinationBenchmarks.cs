using BenchmarkDotNet.Attributes;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Scanning;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Benchmarks;

/// <summary>What a <c>worker</c> pays the database per image, without any image work: claiming it (batches of two, as
/// a two-thread worker does) and storing two methods' results in the transaction that closes its claim. PostgreSQL is
/// the server named by <c>$SEMSR_TEST_PG</c> (<c>eval "$(scripts/cluster.sh env)"</c> after <c>scripts/cluster.sh
/// start</c>); SQLite is a file in the temporary folder, for comparison.</summary>
[MemoryDiagnoser, MedianColumn]
public class CoordinationBenchmarks
{
    private const int Images = 200;
    private static readonly string[] Methods = ["bicubic", "lanczos"];

    [Params("postgresql", "sqlite")]
    public string Provider { get; set; } = "postgresql";

    private EvaluationDatabase _database = null!;
    private ResultStore _store = null!;
    private ImageClaims _claims = null!;
    private int _run;
    private string? _sqliteFolder;

    [GlobalSetup]
    public void Setup()
    {
        string target;
        if (Provider == "sqlite")
        {
            _sqliteFolder = Directory.CreateTempSubdirectory("semsr-coordination-").FullName;
            target = Path.Combine(_sqliteFolder, "bench.db");
        }
        else
        {
            target = Environment.GetEnvironmentVariable("SEMSR_TEST_PG")
                ?? throw new InvalidOperationException("set SEMSR_TEST_PG: scripts/cluster.sh start, then eval \"$(scripts/cluster.sh env)\"");
        }
        _database = EvaluationDatabase.Open(DatabaseTarget.Parse(target));
        _store = new ResultStore(_database);
        _claims = new ImageClaims(_database);
        var now = DateTime.UtcNow;
        new RunWorkers(_database).Register(new WorkerSnapshot($"bench:{Environment.ProcessId}:{Guid.NewGuid():N}", NewRun(),
            "bench", SlurmJobId: null, ArrayTaskId: null, Provider: null, WorkerStates.Running, Reason: null, ImagesDone: 0,
            StartedUtc: now, LastHeartbeatUtc: now, FinishedUtc: null));
    }

    /// <summary>A fresh run for each iteration, so that every iteration claims from the same state.</summary>
    [IterationSetup]
    public void NewIteration() => _run = NewRun();

    private int NewRun()
    {
        var images = Enumerable.Range(0, Images).Select(i => new ScannedImage("c", $"c/{i:0000}.png", $"/data/c/{i:0000}.png")).ToList();
        var run = _store.CreateRun(new RunSettings("/data", Methods), images, 0, null);
        _claims.TryStart(run.Id, null);
        return run.Id;
    }

    [Benchmark(OperationsPerInvoke = Images, Description = "claim + store per image (2 methods, batches of 2)")]
    public int ClaimAndStore()
    {
        const string worker = "bench-worker";
        var lease = TimeSpan.FromSeconds(30);
        int stored = 0;
        while (_claims.Claim(_run, worker, 2, lease) is { Count: > 0 } batch)
        {
            foreach (var image in batch)
            {
                var results = Methods.Select(m => new MethodScore
                {
                    Method = m, Status = ResultStatus.Ok, CreatedUtc = DateTime.UtcNow,
                    Psnr = 30.0 + image.Id % 7, Ssim = 0.9, SsimSkimage = 0.9, Milliseconds = 1,
                }).ToList();
                stored += _store.SaveImage(image, results, worker);
            }
        }
        if (!_claims.TryComplete(_run) || stored != Images * Methods.Length)
            throw new InvalidOperationException($"stored {stored} results; the run did not complete");
        return stored;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_sqliteFolder is not null)
            Directory.Delete(_sqliteFolder, recursive: true);
    }
}
