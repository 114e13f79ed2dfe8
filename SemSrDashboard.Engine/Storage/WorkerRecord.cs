namespace SemSrDashboard.Engine.Storage;

/// <summary>One <c>worker</c> process that joined a run: where it runs, how far it got and when it last showed signs
/// of life. A worker whose heartbeat is older than the lease duration and that has not finished is shown as lost.</summary>
public sealed class WorkerRecord
{
    public int Id { get; set; }
    /// <summary>Unique per process: <c>host:pid:random</c>.</summary>
    public required string WorkerId { get; set; }
    public int RunId { get; set; }
    public required string Host { get; set; }
    /// <summary>Slurm's job id (<c>SLURM_ARRAY_JOB_ID</c>, else <c>SLURM_JOB_ID</c>); null outside Slurm.</summary>
    public string? SlurmJobId { get; set; }
    /// <summary><c>SLURM_ARRAY_TASK_ID</c>; null outside a job array.</summary>
    public int? ArrayTaskId { get; set; }
    /// <summary>Execution provider its models use (CPU, CUDA); null for interpolation-only runs.</summary>
    public string? Provider { get; set; }
    /// <summary>See <see cref="WorkerStates"/>: running, finished, refused or failed as stored (lost is derived).</summary>
    public required string State { get; set; }
    /// <summary>Why the worker was refused or failed; null otherwise.</summary>
    public string? Reason { get; set; }
    /// <summary>Images whose results this worker stored.</summary>
    public int ImagesDone { get; set; }
    public DateTime StartedUtc { get; set; }
    public DateTime LastHeartbeatUtc { get; set; }
    public DateTime? FinishedUtc { get; set; }
}
