using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Training;

namespace SemSrDashboard.Services;

/// <summary>A snapshot of the dashboard's fine-tuning job, for the live view.</summary>
/// <param name="State">Where the job stands.</param>
/// <param name="Settings">The request (null when there is no job).</param>
/// <param name="Step">Steps taken, over all sessions.</param>
/// <param name="TotalSteps">Steps the job will take; null under a time budget.</param>
/// <param name="PatchesPerSecond">Throughput of the current session (0 before its first step).</param>
/// <param name="Elapsed">Training wall time over all sessions.</param>
/// <param name="Losses">Loss per step since the job's first step, before a restart too (thinned to at most
/// <see cref="TrainingHistory.MaxLossPoints"/>).</param>
/// <param name="HeldOut">Held-out PSNR measurements.</param>
/// <param name="ResumedFrom">Step of the checkpoint this session resumed from; null when it started from the base model.</param>
/// <param name="LastCheckpointUtc">When the last checkpoint was written in this session.</param>
/// <param name="Message">What the user should know: the reason of a failure, what a cancel removed.</param>
/// <param name="Model">The written model's card (Completed only).</param>
public sealed record FineTuneStatus(
    FineTuneState State,
    FineTuneSettings? Settings,
    long Step,
    long? TotalSteps,
    double PatchesPerSecond,
    TimeSpan Elapsed,
    IReadOnlyList<LossPoint> Losses,
    IReadOnlyList<HeldOutPoint> HeldOut,
    long? ResumedFrom,
    DateTime? LastCheckpointUtc,
    string? Message,
    ModelCard? Model)
{
    public static FineTuneStatus Empty { get; } = new(FineTuneState.None, null, 0, null, 0, TimeSpan.Zero, [], [], null, null, null, null);

    /// <summary>True while the job occupies the machine (the run queue waits meanwhile).</summary>
    public bool IsBusy => State is FineTuneState.Preparing or FineTuneState.Training or FineTuneState.Pausing or FineTuneState.Cancelling;

    /// <summary>Time left: the remaining steps at this session's step rate, or what is left of a time budget; null
    /// before the first step of a session or when not training.</summary>
    public TimeSpan? Remaining
    {
        get
        {
            if (State != FineTuneState.Training || Settings is null)
                return null;
            if (Settings.Minutes is { } minutes)
                return TimeSpan.FromMinutes(minutes) - Elapsed is { } left && left > TimeSpan.Zero ? left : TimeSpan.Zero;
            if (TotalSteps is not { } total || PatchesPerSecond <= 0)
                return null;
            double stepsPerSecond = PatchesPerSecond / Settings.Batch;
            return TimeSpan.FromSeconds(Math.Max(0, total - Step) / stepsPerSecond);
        }
    }
}
