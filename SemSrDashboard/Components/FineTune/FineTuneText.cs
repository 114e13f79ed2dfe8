using System.Globalization;
using SemSrDashboard.Services;

namespace SemSrDashboard.Components.FineTune;

/// <summary>How the fine-tuning views word durations, estimates and states (invariant numbers, as everywhere).</summary>
public static class FineTuneText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>"45 s", "12 min", "2.5 h": seconds under a minute, minutes under 90 minutes, hours from there.</summary>
    public static string Duration(TimeSpan span)
    {
        double seconds = Math.Max(0, span.TotalSeconds);
        return seconds < 60 ? $"{Math.Round(seconds).ToString("0", Invariant)} s"
            : seconds < 90 * 60 ? $"{Math.Round(seconds / 60, MidpointRounding.AwayFromZero).ToString("0", Invariant)} min"
            : $"{(seconds / 3600).ToString("0.0", Invariant)} h";
    }

    /// <summary>"≈ 12 min for 1000 steps (0.72 s per step; 7 training images, 2 held out)", or under a time budget
    /// "≈ 830 steps in 10 min (…)".</summary>
    public static string Estimate(FineTuneEstimate e, bool timeBudget)
    {
        string perStep = $"{e.SecondsPerStep.ToString("0.00", Invariant)} s per step; {e.TrainImages} training images, {e.HeldOutImages} held out" +
                         (e.Unusable > 0 ? $", {e.Unusable} too small" : "");
        return timeBudget
            ? $"≈ {e.Steps} steps in {Duration(e.Duration)} ({perStep})"
            : $"≈ {Duration(e.Duration)} for {e.Steps} steps ({perStep})";
    }

    public static string State(FineTuneState state) => state switch
    {
        FineTuneState.Preparing => "Preparing",
        FineTuneState.Training => "Training",
        FineTuneState.Pausing => "Pausing…",
        FineTuneState.Paused => "Paused",
        FineTuneState.Cancelling => "Cancelling…",
        FineTuneState.Completed => "Completed",
        FineTuneState.Failed => "Failed",
        _ => "No job",
    };

    /// <summary>"step 120 / 1000" or, under a time budget, "step 120 (10 min budget)".</summary>
    public static string Progress(FineTuneStatus s) =>
        s.TotalSteps is { } total ? $"step {s.Step} / {total}"
        : s.Settings?.Minutes is { } minutes ? $"step {s.Step} ({minutes.ToString("0.##", Invariant)} min budget)"
        : $"step {s.Step}";

    /// <summary>Fraction of the budget done, 0–100, for the progress bar.</summary>
    public static double Percent(FineTuneStatus s) =>
        s.TotalSteps is { } total && total > 0 ? 100.0 * s.Step / total
        : s.Settings?.Minutes is { } minutes && minutes > 0 ? Math.Min(100, 100 * s.Elapsed.TotalMinutes / minutes)
        : 0;
}
