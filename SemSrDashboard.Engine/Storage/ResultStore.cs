using Microsoft.EntityFrameworkCore;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Scanning;

namespace SemSrDashboard.Engine.Storage;

/// <summary>Stage 7 of the pipeline: the runs, images and results a run reads from and writes to the database (the
/// lease columns are <see cref="RunLeases"/>'s).</summary>
/// <remarks>Each image's results are written in one small transaction as soon as they exist; a write that repeats an
/// existing (run, image, method) key changes nothing, so a resumed run never duplicates a row. Reads return plain
/// records (<see cref="StoredRun"/>, <see cref="StoredImage"/>, <see cref="StoredResult"/>) and writes take them
/// (<see cref="SaveImage(StoredImage, IReadOnlyCollection{MethodScore})"/>), so that no code above this folder holds an
/// entity.</remarks>
public sealed class ResultStore(EvaluationDatabase database)
{
    public EvaluationDatabase Database { get; } = database;

    /// <summary>Creates a queued run holding the chosen images.</summary>
    /// <param name="selectionImages">For a shard run: the images of every shard together.</param>
    public StoredRun CreateRun(RunSettings settings, IReadOnlyList<ScannedImage> images, int skippedFiles, string? provenance,
        int? selectionImages = null)
    {
        var run = new RunRecord
        {
            DataRoot = settings.DataRoot,
            Methods = MethodList.Format(settings.Methods),
            Scale = settings.Scale,
            Protocol = settings.Protocol,
            InfoBar = settings.InfoBar,
            LimitPerCategory = settings.LimitPerCategory,
            Tile = settings.Tile,
            TilePad = settings.TilePad,
            Device = settings.Device,
            StoreOutputs = settings.StoreOutputs,
            Metrics = string.Join(',', settings.ChosenMetrics),
            Subset = settings.Subset is { } subset ? string.Join('\n', subset) : null,
            ShardIndex = settings.Shard?.Index,
            ShardCount = settings.Shard?.Count,
            SelectionImages = settings.Shard is null ? null : selectionImages,
            Fingerprint = settings.Fingerprint,
            Status = RunStatus.Queued,
            CreatedUtc = DateTime.UtcNow,
            TotalImages = images.Count,
            SkippedFiles = skippedFiles,
            Provenance = provenance,
            Images = images.Select(i => new ImageRecord { Category = i.Category, RelativePath = i.RelativePath }).ToList(),
        };
        using var connection = Database.OpenConnection();
        RunWrites.InsertWithImages(connection, run);
        return StoredRun.From(run);
    }

    /// <summary>The newest run with these settings that has not finished, if any.</summary>
    public StoredRun? FindResumable(RunSettings settings)
    {
        using var connection = Database.OpenConnection();
        return RunRows.FindUnfinished(connection, settings.Fingerprint) is { } run ? StoredRun.From(run) : null;
    }

    public StoredRun? FindRun(int runId)
    {
        using var connection = Database.OpenConnection();
        return RunRows.Find(connection, runId) is { } run ? StoredRun.From(run) : null;
    }

    /// <summary>Every run, newest first.</summary>
    public IReadOnlyList<StoredRun> ListRuns()
    {
        using var connection = Database.OpenConnection();
        return RunRows.List(connection).Select(StoredRun.From).ToList();
    }

    /// <summary>A run's images in evaluation order.</summary>
    public IReadOnlyList<StoredImage> Images(int runId)
    {
        using var connection = Database.OpenConnection();
        return ImageRows.OfRun(connection, runId);
    }

    /// <summary>The status of every stored (image, method) result of a run.</summary>
    public Dictionary<(int ImageId, string Method), string> StoredStatuses(int runId)
    {
        using var connection = Database.OpenConnection();
        return ImageRows.StoredStatuses(connection, runId);
    }

    /// <summary>Stores what was learned about one image (its size, source size, info-bar rows, bit depth) and its
    /// methods' scores as results, in one transaction; results whose key already exists are left as they are.</summary>
    public void SaveImage(StoredImage image, IReadOnlyCollection<MethodScore> scores) => SaveImage(image, scores, workerId: null);

    /// <summary>As <see cref="SaveImage(StoredImage, IReadOnlyCollection{MethodScore})"/>; for a worker
    /// (<paramref name="workerId"/> not null) the same transaction also closes its claim on the image and counts the
    /// image to it when it added results. Returns how many results were added.</summary>
    /// <remarks>Two workers store the same image only when one's claim expired while it worked; whichever commits
    /// first wins. On PostgreSQL both may read "no result yet" and the second insert then hits the unique
    /// (run, image, method) index: the save is repeated once, reads the winner's rows and adds nothing.</remarks>
    public int SaveImage(StoredImage image, IReadOnlyCollection<MethodScore> scores, string? workerId)
    {
        try
        {
            return SaveOnce(image, scores, workerId);
        }
        catch (System.Data.Common.DbException e) when (IsDuplicateKey(e))
        {
            return SaveOnce(image, scores, workerId);
        }
    }

    private int SaveOnce(StoredImage image, IReadOnlyCollection<MethodScore> scores, string? workerId)
    {
        using var connection = Database.OpenConnection();
        return ResultWrites.SaveImage(connection, Database.Provider == DatabaseProvider.Sqlite, image, scores, workerId);
    }

    /// <summary>A unique index refused an insert (PostgreSQL SQLSTATE 23505; SQLite's constraint error 19, which
    /// cannot happen here because its writers are serialised by the IMMEDIATE transaction).</summary>
    private static bool IsDuplicateKey(System.Data.Common.DbException e) =>
        e is { SqlState: "23505" } or Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 2067 };

    /// <summary>Every result of a run joined with its image, in image order then method order of the run.</summary>
    public IReadOnlyList<(StoredImage Image, StoredResult Result)> Results(int runId)
    {
        using var db = Database.CreateContext();
        var images = db.Images.AsNoTracking().Where(i => i.RunId == runId).AsEnumerable().ToDictionary(i => i.Id, StoredImage.From);
        var results = db.Results.AsNoTracking().Where(r => r.RunId == runId).AsEnumerable()
            .Select(StoredResult.From).ToList();
        var run = db.Runs.AsNoTracking().First(r => r.Id == runId);
        var methodOrder = MethodList.Parse(run.Methods).Select((m, i) => (m, i)).ToDictionary(p => p.m, p => p.i);
        return results
            .Select(r => (Image: images[r.ImageId], Result: r))
            .OrderBy(p => p.Image.RelativePath, StringComparer.Ordinal)
            .ThenBy(p => methodOrder.GetValueOrDefault(p.Result.Method, int.MaxValue))
            .ToList();
    }

    /// <summary>The results of a run stored after result <paramref name="afterResultId"/> (ids ascend as results are
    /// stored), joined with their images, in ascending id order: what a live view fetches on each refresh instead of
    /// every result again.</summary>
    public IReadOnlyList<(StoredImage Image, StoredResult Result)> ResultsAfter(int runId, long afterResultId)
    {
        using var db = Database.CreateContext();
        var results = db.Results.AsNoTracking().Where(r => r.RunId == runId && r.Id > afterResultId).OrderBy(r => r.Id).ToList();
        if (results.Count == 0)
            return [];
        var imageIds = results.Select(r => r.ImageId).Distinct().ToList();
        var images = db.Images.AsNoTracking().Where(i => i.RunId == runId && imageIds.Contains(i.Id)).AsEnumerable()
            .ToDictionary(i => i.Id, StoredImage.From);
        return results.Select(r => (images[r.ImageId], StoredResult.From(r))).ToList();
    }

    /// <summary>The results of one image of a run, every method.</summary>
    public IReadOnlyList<StoredResult> ResultsOfImage(int runId, int imageId)
    {
        using var db = Database.CreateContext();
        return db.Results.AsNoTracking().Where(r => r.RunId == runId && r.ImageId == imageId).AsEnumerable()
            .Select(StoredResult.From).ToList();
    }

    /// <summary>One image of a run by id, or null when the run has no such image.</summary>
    public StoredImage? FindImage(int runId, int imageId)
    {
        using var db = Database.CreateContext();
        var image = db.Images.AsNoTracking().FirstOrDefault(i => i.RunId == runId && i.Id == imageId);
        return image is null ? null : StoredImage.From(image);
    }

    /// <summary>Per run: images with a result for every method, and how many of those have a failed result.</summary>
    public Dictionary<int, (int Done, int Failed)> CountsByRun()
    {
        using var connection = Database.OpenConnection();
        return RunRows.CountsByRun(connection);
    }

    /// <summary>Records the Slurm job array that runs the run's workers (<c>runs submit --slurm</c>).</summary>
    public void SetSlurmJob(int runId, string jobId) => UpdateRun(runId, run => run with { SlurmJobId = jobId });

    /// <summary>Writes the columns that <paramref name="change"/> changes in the stored run (<c>run with { … }</c>),
    /// and no others: a status change never overwrites a lease that another connection renewed meanwhile. The run's
    /// id cannot be changed.</summary>
    /// <exception cref="InvalidOperationException">No run has this id.</exception>
    public void UpdateRun(int runId, Func<StoredRun, StoredRun> change)
    {
        using var connection = Database.OpenConnection();
        var before = RunRows.Find(connection, runId) ?? throw new InvalidOperationException($"run {runId} not found");
        RunWrites.Update(connection, before, change(StoredRun.From(before)).ToRecord());
    }

    /// <summary>Folds the write-ahead log back into the database file and truncates it (SQLite checkpoints on its
    /// own every 1000 pages; this keeps the -wal file small after a run and before a copy of the file is taken).
    /// Nothing to do on PostgreSQL, whose server manages its own log.</summary>
    public void Checkpoint()
    {
        if (Database.Provider != DatabaseProvider.Sqlite)
            return;
        using var connection = Database.OpenConnection();
        using var command = SqlCommands.Create(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
        SqlCommands.Execute(command);
    }

    public bool DeleteRun(int runId)
    {
        using var db = Database.CreateContext();
        bool deleted = db.Runs.Where(r => r.Id == runId).ExecuteDelete() == 1;
        OutputStore.For(Database).DeleteRun(runId);
        return deleted;
    }
}
