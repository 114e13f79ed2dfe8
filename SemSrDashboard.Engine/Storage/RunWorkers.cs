using Microsoft.EntityFrameworkCore;

namespace SemSrDashboard.Engine.Storage;

/// <summary>The workers table: registration, heartbeat and final state of each <c>worker</c> process of a run.</summary>
public sealed class RunWorkers(EvaluationDatabase database)
{
    /// <summary>Adds the worker's row.</summary>
    public void Register(WorkerSnapshot worker)
    {
        using var db = database.CreateContext();
        db.Workers.Add(new WorkerRecord
        {
            WorkerId = worker.WorkerId, RunId = worker.RunId, Host = worker.Host, SlurmJobId = worker.SlurmJobId,
            ArrayTaskId = worker.ArrayTaskId, Provider = worker.Provider, State = worker.State, Reason = worker.Reason,
            ImagesDone = worker.ImagesDone, StartedUtc = worker.StartedUtc, LastHeartbeatUtc = worker.LastHeartbeatUtc,
            FinishedUtc = worker.FinishedUtc,
        });
        db.SaveChanges();
    }

    /// <summary>Extends the worker's image claims, then records that it is alive.</summary>
    /// <remarks>Two statements, not one transaction, in the order the worker's own save takes the same rows (the image,
    /// then the worker's row): a transaction holding the worker's row while waiting for an image the save holds, as
    /// the save waits for the worker's row, is a deadlock PostgreSQL ends by failing one of them.</remarks>
    public void Heartbeat(string workerId, int runId, TimeSpan lease)
    {
        using var db = database.CreateContext();
        var now = DateTime.UtcNow;
        var expires = now + lease;
        db.Images.Where(i => i.RunId == runId && i.ClaimedBy == workerId && i.ClaimExpiresUtc != null)
            .ExecuteUpdate(s => s.SetProperty(i => i.ClaimExpiresUtc, expires));
        db.Workers.Where(w => w.WorkerId == workerId).ExecuteUpdate(s => s.SetProperty(w => w.LastHeartbeatUtc, now));
    }

    public void SetProvider(string workerId, string? provider)
    {
        using var db = database.CreateContext();
        db.Workers.Where(w => w.WorkerId == workerId).ExecuteUpdate(s => s.SetProperty(w => w.Provider, provider));
    }

    /// <summary>Ends the worker: its state (finished, refused, failed), the reason, and the time.</summary>
    public void End(string workerId, string state, string? reason)
    {
        using var db = database.CreateContext();
        var now = DateTime.UtcNow;
        db.Workers.Where(w => w.WorkerId == workerId).ExecuteUpdate(s => s
            .SetProperty(w => w.State, state).SetProperty(w => w.Reason, reason)
            .SetProperty(w => w.FinishedUtc, now).SetProperty(w => w.LastHeartbeatUtc, now));
    }

    /// <summary>The run's workers in the order they joined.</summary>
    public IReadOnlyList<WorkerSnapshot> Of(int runId)
    {
        using var db = database.CreateContext();
        return db.Workers.AsNoTracking().Where(w => w.RunId == runId).OrderBy(w => w.Id).Select(WorkerSnapshot.FromRecord).ToList();
    }

    /// <summary>The runs that have a running worker whose heartbeat is at most <paramref name="lease"/> old: the
    /// dashboard's queue leaves them to their workers instead of executing them itself.</summary>
    public IReadOnlySet<int> RunsWithLiveWorkers(TimeSpan lease)
    {
        using var db = database.CreateContext();
        var since = DateTime.UtcNow - lease;
        return db.Workers.AsNoTracking().Where(w => w.State == WorkerStates.Running && w.LastHeartbeatUtc >= since)
            .Select(w => w.RunId).Distinct().AsEnumerable().ToHashSet();
    }

    public WorkerSnapshot? Find(string workerId)
    {
        using var db = database.CreateContext();
        return db.Workers.AsNoTracking().Where(w => w.WorkerId == workerId).Select(WorkerSnapshot.FromRecord).FirstOrDefault();
    }
}
