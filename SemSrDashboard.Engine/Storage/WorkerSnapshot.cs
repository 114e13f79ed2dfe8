namespace SemSrDashboard.Engine.Storage;

/// <summary>A worker as one read of the workers table found it (a plain copy of <see cref="WorkerRecord"/>, for
/// readers outside Storage).</summary>
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
    DateTime? FinishedUtc);
