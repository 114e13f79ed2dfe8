namespace SemSrDashboard.Engine.Runs;

/// <summary>How an execution of a run ended.</summary>
/// <param name="Status">The run's status afterwards (a <see cref="RunStatus"/> word).</param>
/// <param name="Message">Why, for anything but completion.</param>
/// <param name="LeaseHeld">True when another live owner holds the run, so nothing was done.</param>
public sealed record RunOutcome(int RunId, string Status, string? Message = null, bool LeaseHeld = false);
