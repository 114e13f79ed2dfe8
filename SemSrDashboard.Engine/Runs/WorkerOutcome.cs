namespace SemSrDashboard.Engine.Runs;

/// <summary>How a <see cref="RunWorker"/> ended: its own state (see <c>Storage.WorkerStates</c>), the run's status as
/// it left it, why, and how many images it stored.</summary>
public sealed record WorkerOutcome(string WorkerState, string RunStatus, string? Message, int ImagesDone)
{
    /// <summary>The database took no more writes: the worker stopped, the run stays resumable.</summary>
    public bool StorageFailed { get; init; }
    public RunExecutionReport? Execution { get; init; }
}
