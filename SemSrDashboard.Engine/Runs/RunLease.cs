using Microsoft.Extensions.Logging;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Engine.Runs;

/// <summary>The lease one executor holds on one run, so that two processes never evaluate the same run: acquired
/// once, renewed by the heartbeat, checked by it, released at the end. A lease that is not renewed runs out after
/// its duration; a holder that is verifiably dead (see <see cref="LeaseOwners"/>) is taken over at once.</summary>
public sealed class RunLease
{
    private readonly RunLeases _leases;

    private RunLease(RunLeases leases, int runId, string owner, TimeSpan duration)
    {
        _leases = leases;
        RunId = runId;
        Owner = owner;
        Duration = duration;
    }

    public int RunId { get; }
    public string Owner { get; }
    public TimeSpan Duration { get; }

    /// <summary>Takes the lease when it is free, expired or ours, or when its holder is verifiably dead: a process
    /// killed with SIGKILL on this machine is taken over at once instead of after its lease runs out, so running the
    /// same command again resumes the run. Null when another live process holds it.</summary>
    public static RunLease? TryAcquire(RunLeases leases, int runId, string owner, TimeSpan duration, ILogger logger)
    {
        var lease = new RunLease(leases, runId, owner, duration);
        if (leases.TryAcquire(runId, owner, duration))
            return lease;
        string? holder = leases.HolderOf(runId);
        if (holder is null)
            return leases.TryAcquire(runId, owner, duration) ? lease : null; // released meanwhile
        if (!LeaseOwners.IsVerifiablyDead(holder) || !leases.TakeOver(runId, holder, owner, duration))
            return null;
        logger.LogWarning("Run {RunId}: took over the lease of {Holder}, a process that no longer runs", runId, holder);
        return lease;
    }

    /// <summary>The heartbeat: extends the lease by its duration; false when another owner has taken it.</summary>
    public bool Renew() => _leases.Renew(RunId, Owner, Duration);

    /// <summary>Whether this owner still holds the lease (without extending it).</summary>
    public bool IsHeld() => _leases.HolderOf(RunId) == Owner;

    /// <summary>Gives the lease up (does nothing when another owner holds it).</summary>
    public void Release() => _leases.Release(RunId, Owner);
}
