using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Tests.Runs;

/// <summary>How <c>runs workers</c> derives a worker's shown state and rate from its stored row.</summary>
public sealed class WorkerViewTests
{
    private static readonly DateTime Start = new(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private static WorkerSnapshot Worker(string state, int images, double heartbeatSeconds, double? finishedSeconds = null) =>
        new(WorkerId: "h:1:a", RunId: 0, Host: "h", SlurmJobId: null, ArrayTaskId: null, Provider: null, State: state, Reason: null,
            ImagesDone: images, StartedUtc: Start, LastHeartbeatUtc: Start.AddSeconds(heartbeatSeconds),
            FinishedUtc: finishedSeconds is double f ? Start.AddSeconds(f) : null);

    [Theory]
    // state stored, heartbeat (s after start), now (s after start), shown state
    [InlineData(WorkerStates.Running, 100, 125, WorkerStates.Running)]   // 25 s of silence < the 30 s lease
    [InlineData(WorkerStates.Running, 100, 130, WorkerStates.Running)]   // exactly one lease: not yet lost
    [InlineData(WorkerStates.Running, 100, 130.5, WorkerStates.Lost)]
    [InlineData(WorkerStates.Finished, 100, 1000, WorkerStates.Finished)] // a finished worker is never lost
    [InlineData(WorkerStates.Refused, 0, 1000, WorkerStates.Refused)]
    public void A_running_worker_silent_for_longer_than_the_lease_is_lost(string stored, double heartbeat, double now, string shown) =>
        Assert.Equal(shown, WorkerView.Of(Worker(stored, 10, heartbeat), Start.AddSeconds(now), Lease).State);

    [Fact]
    public void The_rate_is_images_over_the_seconds_from_start_to_end_or_last_heartbeat()
    {
        Assert.Equal(50.0 / 20.0, WorkerView.Of(Worker(WorkerStates.Running, 50, 20), Start.AddSeconds(21), Lease).ImagesPerSecond, 12);
        Assert.Equal(50.0 / 40.0, WorkerView.Of(Worker(WorkerStates.Finished, 50, 40, 40), Start.AddSeconds(500), Lease).ImagesPerSecond, 12);
        Assert.Equal(0, WorkerView.Of(Worker(WorkerStates.Running, 3, 0.5), Start.AddSeconds(1), Lease).ImagesPerSecond);
    }
}
