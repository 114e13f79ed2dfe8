using Microsoft.EntityFrameworkCore;

namespace SemSrDashboard.Engine.Storage;

/// <summary>The lease columns of the runs table: which process owns a run and until when. Each operation is one
/// conditional update, atomic across processes; <c>Runs/RunLease</c> builds the executor's lease on them.</summary>
public sealed class RunLeases(EvaluationDatabase database)
{
    /// <summary>The current holder of the run's lease (null: free or the run does not exist).</summary>
    public string? HolderOf(int runId)
    {
        using var db = database.CreateContext();
        return db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => r.LeaseOwner).FirstOrDefault();
    }

    /// <summary>Takes the run's lease when it is free, expired or already ours. Atomic across processes.</summary>
    public bool TryAcquire(int runId, string owner, TimeSpan duration)
    {
        using var db = database.CreateContext();
        var now = DateTime.UtcNow;
        var expires = now + duration;
        int changed = db.Runs
            .Where(r => r.Id == runId && (r.LeaseOwner == null || r.LeaseOwner == owner || r.LeaseExpiresUtc < now))
            .ExecuteUpdate(s => s.SetProperty(r => r.LeaseOwner, owner).SetProperty(r => r.LeaseExpiresUtc, expires));
        return changed == 1;
    }

    /// <summary>Takes the run's lease from <paramref name="previousOwner"/> whatever its expiry, provided that owner
    /// still holds it (a compare-and-swap, atomic across processes). Only for an owner known to be dead.</summary>
    public bool TakeOver(int runId, string previousOwner, string owner, TimeSpan duration)
    {
        using var db = database.CreateContext();
        var expires = DateTime.UtcNow + duration;
        return db.Runs.Where(r => r.Id == runId && r.LeaseOwner == previousOwner)
            .ExecuteUpdate(s => s.SetProperty(r => r.LeaseOwner, owner).SetProperty(r => r.LeaseExpiresUtc, expires)) == 1;
    }

    /// <summary>Extends our lease; false when another owner has taken it.</summary>
    public bool Renew(int runId, string owner, TimeSpan duration)
    {
        using var db = database.CreateContext();
        var expires = DateTime.UtcNow + duration;
        return db.Runs.Where(r => r.Id == runId && r.LeaseOwner == owner)
            .ExecuteUpdate(s => s.SetProperty(r => r.LeaseExpiresUtc, expires)) == 1;
    }

    /// <summary>Gives our lease up; does nothing when another owner holds it.</summary>
    public void Release(int runId, string owner)
    {
        using var db = database.CreateContext();
        db.Runs.Where(r => r.Id == runId && r.LeaseOwner == owner)
            .ExecuteUpdate(s => s.SetProperty(r => r.LeaseOwner, (string?)null).SetProperty(r => r.LeaseExpiresUtc, (DateTime?)null));
    }
}
