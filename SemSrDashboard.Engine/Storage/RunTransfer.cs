using Microsoft.EntityFrameworkCore;
using SemSrDashboard.Engine.Domain;

namespace SemSrDashboard.Engine.Storage;

/// <summary>Moves whole runs between databases — e.g. from a cluster node that ran <c>evaluate</c> to the lab's
/// dashboard, or between a PostgreSQL server and SQLite. A run file is always an ordinary SemSrDashboard SQLite database
/// holding just the exported run.</summary>
public static class RunTransfer
{
    /// <summary>Writes run <paramref name="runId"/> of <paramref name="source"/> into a new database file.</summary>
    /// <exception cref="IOException">The file already exists.</exception>
    public static void Export(EvaluationDatabase source, int runId, string file)
    {
        if (File.Exists(file))
            throw new IOException($"{file} already exists; choose a new file");
        var target = EvaluationDatabase.Open(DatabaseTarget.Sqlite(file));
        Copy(source, runId, target);
    }

    /// <summary>Adds every run of the run file to <paramref name="target"/> under new ids; returns them.</summary>
    public static IReadOnlyList<int> Import(EvaluationDatabase target, string file)
    {
        if (!File.Exists(file))
            throw new FileNotFoundException($"run file not found: {file}", file);
        var source = EvaluationDatabase.Open(DatabaseTarget.Sqlite(file));
        using var db = source.CreateContext();
        return db.Runs.AsNoTracking().OrderBy(r => r.Id).Select(r => r.Id).ToList()
            .Select(id => Copy(source, id, target)).ToList();
    }

    /// <summary>Copies one run with its images and results; the copy gets new ids, no lease, and an unfinished run
    /// arrives paused (it resumes only when asked, on a machine that has its data folder).</summary>
    public static int Copy(EvaluationDatabase source, int runId, EvaluationDatabase target)
    {
        using var from = source.CreateContext();
        var run = from.Runs.AsNoTracking().Include(r => r.Images).FirstOrDefault(r => r.Id == runId)
            ?? throw new ArgumentException($"run {runId} not found");
        var results = from.Results.AsNoTracking().Where(r => r.RunId == runId).ToList();

        using var to = target.CreateContext();
        using var transaction = to.Database.BeginTransaction();
        int sourceRunId = run.Id;
        var oldImageIds = run.Images.Select(i => i.Id).ToList();
        run.Id = 0;
        run.LeaseOwner = null;
        run.LeaseExpiresUtc = null;
        if (run.Status is RunStatus.Running or RunStatus.Queued)
            run.Status = RunStatus.Paused;
        Detach(run.Images);
        to.Runs.Add(run);
        to.SaveChanges();

        var newImageIds = oldImageIds.Zip(run.Images, (old, image) => (old, image.Id)).ToDictionary(p => p.old, p => p.Id);
        Rekey(results, run.Id, newImageIds);
        to.Results.AddRange(results);
        to.SaveChanges();
        transaction.Commit();

        var sourceOutputs = OutputStore.For(source);
        var targetOutputs = OutputStore.For(target);
        foreach (var (oldId, newId) in newImageIds)
            sourceOutputs.CopyImage(sourceRunId, oldId, targetOutputs, run.Id, newId);
        return run.Id;
    }

    /// <summary>Readies images read from one database to be added under a new run there or elsewhere: their ids and
    /// run are cleared (callers keep the old ids first, to map the results with <see cref="Rekey"/>).</summary>
    internal static void Detach(IEnumerable<ImageRecord> images)
    {
        foreach (var image in images)
        {
            image.Id = 0;
            image.RunId = 0;
            image.Run = null;
        }
    }

    /// <summary>Readies results read from one database to be added under run <paramref name="runId"/>: new ids,
    /// and each image id mapped through <paramref name="imageIds"/> (old id → new id).</summary>
    internal static void Rekey(IEnumerable<ResultRecord> results, int runId, IReadOnlyDictionary<int, int> imageIds)
    {
        foreach (var result in results)
        {
            result.Id = 0;
            result.RunId = runId;
            result.ImageId = imageIds[result.ImageId];
        }
    }
}
