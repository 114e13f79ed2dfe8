using SemSrDashboard.Engine.Domain;

namespace SemSrDashboard.Engine.Storage;

/// <summary>The states of a <see cref="WorkerRecord"/>. <see cref="Lost"/> is never stored: it is a running worker
/// whose heartbeat is older than the lease duration.</summary>
public static class WorkerStates
{
    public const string Running = RunStatus.Running;
    public const string Finished = "finished";
    public const string Refused = "refused";
    public const string Failed = RunStatus.Failed;
    /// <summary>Stopped by a signal (Ctrl-C, <c>scancel</c>): its claims were released, the run goes on.</summary>
    public const string Interrupted = "interrupted";
    public const string Lost = "lost";
}
