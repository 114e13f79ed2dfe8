using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Engine.Runs;

/// <summary>A worker as <c>runs workers</c> and the dashboard show it.</summary>
/// <param name="State">The stored state, or <c>lost</c> for a running worker whose last heartbeat is older than the lease.</param>
/// <param name="ImagesPerSecond">Images stored per second from its start to its end, or to its last heartbeat while
/// it runs (or was lost); 0 before a second has passed.</param>
public sealed record WorkerView(WorkerSnapshot Worker, string State, double ImagesPerSecond)
{
    /// <param name="lease">The lease duration (<see cref="RunExecutor.DefaultLeaseDuration"/>): a running worker renews
    /// its claims and heartbeat every sixth of it, so silence for a whole lease means it died.</param>
    public static WorkerView Of(WorkerSnapshot worker, DateTime nowUtc, TimeSpan lease) =>
        new(worker, StateOf(worker.State, worker.LastHeartbeatUtc, nowUtc, lease),
            ImagesPerSecondOf(worker.ImagesDone, worker.StartedUtc, worker.FinishedUtc ?? worker.LastHeartbeatUtc));

    /// <summary>The stored state, or <c>lost</c> for a running worker silent for longer than <paramref name="lease"/>.</summary>
    public static string StateOf(string storedState, DateTime lastHeartbeatUtc, DateTime nowUtc, TimeSpan lease) =>
        storedState == WorkerStates.Running && nowUtc - lastHeartbeatUtc > lease ? WorkerStates.Lost : storedState;

    /// <summary>Images per second between <paramref name="startedUtc"/> and <paramref name="untilUtc"/> (its end, or its
    /// last heartbeat); 0 before a second has passed.</summary>
    public static double ImagesPerSecondOf(int imagesDone, DateTime startedUtc, DateTime untilUtc)
    {
        double seconds = (untilUtc - startedUtc).TotalSeconds;
        return seconds >= 1 ? imagesDone / seconds : 0;
    }
}
