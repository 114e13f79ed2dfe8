using SemSrDashboard.Components.FineTune;
using SemSrDashboard.Engine.Training;
using SemSrDashboard.Services;

namespace SemSrDashboard.Tests.Dashboard;

/// <summary>The live view's figures: time left from this session's step rate or from a time budget, the progress
/// bar's share, and how durations and estimates are worded.</summary>
public sealed class FineTuneStatusTests
{
    private static FineTuneStatus Training(FineTuneSettings settings, long step, long? total, double patchesPerSecond, TimeSpan elapsed) =>
        FineTuneStatus.Empty with
        {
            State = FineTuneState.Training, Settings = settings, Step = step, TotalSteps = total,
            PatchesPerSecond = patchesPerSecond, Elapsed = elapsed,
        };

    private static readonly FineTuneSettings Steps = new("rdn-slim-x4", "/data", "lab", Steps: 1000, Batch: 8);
    private static readonly FineTuneSettings Minutes = new("rdn-slim-x4", "/data", "lab", Minutes: 30, Batch: 8);

    [Fact]
    public void Time_left_is_the_remaining_steps_at_this_sessions_rate()
    {
        // 4 patches/s at batch 8 = 0.5 steps/s; 900 steps left = 1800 s.
        var status = Training(Steps, 100, 1000, 4, TimeSpan.FromMinutes(3));
        Assert.Equal(TimeSpan.FromSeconds(1800), status.Remaining);
        Assert.Equal(10, FineTuneText.Percent(status), 9);
        Assert.Equal("step 100 / 1000", FineTuneText.Progress(status));
        Assert.Equal("30 min", FineTuneText.Duration(status.Remaining!.Value));
    }

    [Fact]
    public void Under_a_time_budget_time_left_is_what_is_left_of_it()
    {
        var status = Training(Minutes, 100, null, 4, TimeSpan.FromMinutes(12));
        Assert.Equal(TimeSpan.FromMinutes(18), status.Remaining);
        Assert.Equal(40, FineTuneText.Percent(status), 9);
        Assert.Equal("step 100 (30 min budget)", FineTuneText.Progress(status));
        Assert.Equal(TimeSpan.Zero, (status with { Elapsed = TimeSpan.FromMinutes(31) }).Remaining);
    }

    [Fact]
    public void There_is_no_time_left_before_the_first_step_or_when_not_training()
    {
        Assert.Null(Training(Steps, 0, 1000, 0, TimeSpan.Zero).Remaining);
        Assert.Null((Training(Steps, 100, 1000, 4, TimeSpan.FromMinutes(3)) with { State = FineTuneState.Paused }).Remaining);
        Assert.False((FineTuneStatus.Empty with { State = FineTuneState.Paused }).IsBusy);
        Assert.True((FineTuneStatus.Empty with { State = FineTuneState.Pausing }).IsBusy);
    }

    [Theory]
    [InlineData(0.4, "0 s")]
    [InlineData(59.4, "59 s")]
    [InlineData(60, "1 min")]
    [InlineData(89 * 60 + 29, "89 min")]
    [InlineData(90 * 60, "1.5 h")]
    public void Durations_are_seconds_then_minutes_then_hours(double seconds, string expected) =>
        Assert.Equal(expected, FineTuneText.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Estimates_name_the_step_time_and_the_split()
    {
        var estimate = new FineTuneEstimate(0.72, 1000, TimeSpan.FromSeconds(720), 51, 17, 1);
        Assert.Equal("≈ 12 min for 1000 steps (0.72 s per step; 51 training images, 17 held out, 1 too small)",
            FineTuneText.Estimate(estimate, timeBudget: false));
        Assert.Equal("≈ 833 steps in 10 min (0.72 s per step; 51 training images, 17 held out)",
            FineTuneText.Estimate(new FineTuneEstimate(0.72, 833, TimeSpan.FromMinutes(10), 51, 17, 0), timeBudget: true));
    }
}
