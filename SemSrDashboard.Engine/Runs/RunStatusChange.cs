using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Engine.Runs;

/// <summary>A status set by a user (pause, cancel, resume) rather than by the executor.</summary>
public static class RunStatusChange
{
    /// <summary>Stores <paramref name="status"/> for run <paramref name="runId"/>; a cancelled run records when it
    /// stopped (<c>FinishedUtc</c>), and a run taken up again forgets that time until it finishes.</summary>
    public static void Apply(ResultStore store, int runId, string status) => store.UpdateRun(runId, run => run with
    {
        Status = status,
        FinishedUtc = status == RunStatus.Cancelled ? DateTime.UtcNow
            : run.Status == RunStatus.Cancelled ? null
            : run.FinishedUtc,
    });
}
