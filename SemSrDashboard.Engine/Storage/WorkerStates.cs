namespace SemSrDashboard.Engine.Storage;

/// <summary>The states of a <see cref="WorkerRecord"/>. <see cref="Lost"/> is never stored: it is a running worker
/// whose heartbeat is older than the lease duration.</summary>
public static class WorkerStates
{
    public const string Running = "running";
    public const string Finished = "finished";
    public const string Refused = "refused";
    public const string Failed = "failed";
    public const string Lost = "lost";
}
