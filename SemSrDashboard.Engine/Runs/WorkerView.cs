using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Engine.Runs;

/// <summary>A worker as <c>runs workers</c> and the dashboard show it.</summary>
/// <param name="State">The stored state, or <c>lost</c> for a running worker whose last heartbeat is older than the lease.</param>
/// <param name="ImagesPerSecond">Images stored per second from its start to its end, or to its last heartbeat while
/// it runs (or was lost); 0 before a second has passed.</param>
public sealed record WorkerView(WorkerRecord Worker, string State, double ImagesPerSecond)
{
    /// <param name="lease">The lease duration (<see cref="RunExecutor.DefaultLeaseDuration"/>): a running worker renews
    /// its claims and heartbeat every sixth of it, so silence for a whole lease means it died.</param>
    public static WorkerView Of(WorkerRecord worker, DateTime nowUtc, TimeSpan lease)
    {
        string state = worker.State == WorkerStates.Running && nowUtc - worker.LastHeartbeatUtc > lease ? WorkerStates.Lost : worker.State;
        double seconds = ((worker.FinishedUtc ?? worker.LastHeartbeatUtc) - worker.StartedUtc).TotalSeconds;
        return new WorkerView(worker, state, seconds >= 1 ? worker.ImagesDone / seconds : 0);
    }
}
