using Microsoft.EntityFrameworkCore;
using SemSrDashboard.Engine.Domain;

namespace SemSrDashboard.Engine.Storage;

/// <summary>The per-image claims through which several <c>worker</c> processes share one run: each claims a small
/// batch of images that still lack results and are unclaimed or whose claim has expired (their worker died), renews
/// its claims with its heartbeat and releases what it did not finish when it exits.</summary>
/// <remarks>PostgreSQL: one <c>UPDATE ... WHERE "Id" IN (SELECT ... FOR UPDATE SKIP LOCKED)</c>, so concurrent workers
/// on many nodes never wait for each other's rows nor take the same image. SQLite: the same selection and update in
/// one IMMEDIATE transaction, which holds the database's write lock from the start, so processes on one machine claim
/// one after the other. An image is done when it has a result for every method of the run; storing it closes its
/// claim (the worker's id stays, the expiry goes), which also keeps it out of later claims without a look at its results.</remarks>
public sealed class ImageClaims(EvaluationDatabase database)
{
    /// <summary>Claims up to <paramref name="count"/> images of the run for <paramref name="workerId"/> until now +
    /// <paramref name="lease"/>, lowest id (processing order) first; empty when none is left to claim.</summary>
    public IReadOnlyList<StoredImage> Claim(int runId, string workerId, int count, TimeSpan lease)
    {
        using var db = database.CreateContext();
        int methods = MethodCount(db, runId);
        var now = DateTime.UtcNow;
        var expires = now + lease;
        List<int> ids;
        if (database.Provider == DatabaseProvider.Postgres)
        {
            ids = db.Database.SqlQuery<int>($"""
                UPDATE images SET "ClaimedBy" = {workerId}, "ClaimExpiresUtc" = {expires}
                WHERE "Id" IN (
                    SELECT i."Id" FROM images i
                    WHERE i."RunId" = {runId}
                      AND (i."ClaimedBy" IS NULL OR i."ClaimExpiresUtc" < {now})
                      AND (SELECT count(*) FROM results r WHERE r."RunId" = {runId} AND r."ImageId" = i."Id") < {methods}
                    ORDER BY i."Id"
                    LIMIT {count}
                    FOR UPDATE SKIP LOCKED)
                RETURNING "Id" AS "Value"
                """).ToList();
        }
        else
        {
            using var transaction = db.Database.BeginTransaction(); // BEGIN IMMEDIATE: the write lock from the start
            ids = Claimable(db, runId, methods, now).OrderBy(i => i.Id).Select(i => i.Id).Take(count).ToList();
            db.Images.Where(i => ids.Contains(i.Id))
                .ExecuteUpdate(s => s.SetProperty(i => i.ClaimedBy, workerId).SetProperty(i => i.ClaimExpiresUtc, expires));
            transaction.Commit();
        }
        return db.Images.AsNoTracking().Where(i => ids.Contains(i.Id)).OrderBy(i => i.Id).AsEnumerable().Select(StoredImage.From).ToList();
    }

    /// <summary>Gives up the worker's open claims (images it did not finish), so that other workers take them at once.</summary>
    public int Release(int runId, string workerId)
    {
        using var db = database.CreateContext();
        return db.Images.Where(i => i.RunId == runId && i.ClaimedBy == workerId && i.ClaimExpiresUtc != null)
            .ExecuteUpdate(s => s.SetProperty(i => i.ClaimedBy, (string?)null).SetProperty(i => i.ClaimExpiresUtc, (DateTime?)null));
    }

    /// <summary>Images of the run that lack a result for some method, whoever holds them.</summary>
    public int Unfinished(int runId)
    {
        using var db = database.CreateContext();
        int methods = MethodCount(db, runId);
        return db.Images.Count(i => i.RunId == runId && db.Results.Count(r => r.RunId == runId && r.ImageId == i.Id) < methods);
    }

    /// <summary>Images of the run that a worker could claim now.</summary>
    public int Claimable(int runId)
    {
        using var db = database.CreateContext();
        return Claimable(db, runId, MethodCount(db, runId), DateTime.UtcNow).Count();
    }

    /// <summary>Marks a running run completed when every image has all its results: one conditional update, so of
    /// the workers that finish together exactly one completes it. True for that one.</summary>
    public bool TryComplete(int runId)
    {
        using var db = database.CreateContext();
        int methods = MethodCount(db, runId);
        var now = DateTime.UtcNow;
        return db.Runs.Where(r => r.Id == runId && r.Status == RunStatus.Running
                && !db.Images.Any(i => i.RunId == runId && db.Results.Count(x => x.RunId == runId && x.ImageId == i.Id) < methods))
            .ExecuteUpdate(s => s.SetProperty(r => r.Status, RunStatus.Completed).SetProperty(r => r.FinishedUtc, now)) == 1;
    }

    /// <summary>Moves a queued run to running (the first worker to join); true when this call did.</summary>
    public bool TryStart(int runId, string? provider)
    {
        using var db = database.CreateContext();
        var now = DateTime.UtcNow;
        return db.Runs.Where(r => r.Id == runId && r.Status == RunStatus.Queued)
            .ExecuteUpdate(s => s.SetProperty(r => r.Status, RunStatus.Running)
                .SetProperty(r => r.StartedUtc, r => r.StartedUtc ?? now)
                .SetProperty(r => r.Error, (string?)null)
                .SetProperty(r => r.Provider, r => provider ?? r.Provider)) == 1;
    }

    private static IQueryable<ImageRecord> Claimable(EvaluationDbContext db, int runId, int methods, DateTime now) =>
        db.Images.Where(i => i.RunId == runId
            && (i.ClaimedBy == null || i.ClaimExpiresUtc < now)
            && db.Results.Count(r => r.RunId == runId && r.ImageId == i.Id) < methods);

    private static int MethodCount(EvaluationDbContext db, int runId) =>
        MethodList.Parse(db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => r.Methods).First()).Count;
}
