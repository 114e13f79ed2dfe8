namespace SemSrDashboard.Engine.Runs;

/// <summary>How an execution of a run ended.</summary>
/// <param name="Status">The run's status afterwards (a <see cref="RunStatus"/> word).</param>
/// <param name="Message">Why, for anything but completion.</param>
/// <param name="LeaseHeld">True when another live owner holds the run, so nothing was done.</param>
/// <param name="StorageFailed">True when the database stopped taking writes (disk full, I/O error, locked too long):
/// the run stopped with what it had stored and stays resumable; <paramref name="Message"/> says why.</param>
public sealed record RunOutcome(int RunId, string Status, string? Message = null, bool LeaseHeld = false, bool StorageFailed = false)
{
    /// <summary>Where the execution spent its time; null when it did not get as far as evaluating.</summary>
    public RunExecutionReport? Execution { get; init; }
}
