namespace SemSrDashboard.Engine.Domain;

/// <summary>Status words of a run, as stored and printed (see docs/cli.md).</summary>
public static class RunStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";
    public const string Completed = "completed";

    /// <summary>Statuses from which the run can go on.</summary>
    public static bool IsResumable(string status) => status is Queued or Running or Paused;

    /// <summary>Stopped runs that a user can take up again (<c>runs resume</c>, <c>evaluate --resume</c>, the
    /// dashboard's Resume): paused and cancelled ones. Cancel stops a run; only deleting it removes its results.</summary>
    public static bool CanBeTakenUpAgain(string status) => status is Paused or Cancelled;
}
