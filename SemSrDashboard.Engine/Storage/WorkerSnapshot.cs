using System.Linq.Expressions;

namespace SemSrDashboard.Engine.Storage;

/// <summary>A worker's row as plain values (a copy of <see cref="WorkerRecord"/>), for code outside Storage: what one
/// read of the workers table found, or what a worker registers.</summary>
public sealed record WorkerSnapshot(
    string WorkerId,
    int RunId,
    string Host,
    string? SlurmJobId,
    int? ArrayTaskId,
    string? Provider,
    string State,
    string? Reason,
    int ImagesDone,
    DateTime StartedUtc,
    DateTime LastHeartbeatUtc,
    DateTime? FinishedUtc)
{
    /// <summary>The copy of a row, as an expression so that a query selects only these columns.</summary>
    internal static readonly Expression<Func<WorkerRecord, WorkerSnapshot>> FromRecord = w => new WorkerSnapshot(w.WorkerId,
        w.RunId, w.Host, w.SlurmJobId, w.ArrayTaskId, w.Provider, w.State, w.Reason, w.ImagesDone, w.StartedUtc,
        w.LastHeartbeatUtc, w.FinishedUtc);
}
