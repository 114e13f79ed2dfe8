using System.Globalization;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Model;

/// <summary>One row of the runs page: a stored run merged with its live progress, if any.</summary>
/// <param name="DataSet">The data folder's last name, as shown.</param>
/// <param name="DataPath">The data folder's full path (the tooltip of <paramref name="DataSet"/>).</param>
public sealed record RunListItem(
    int Id,
    string Status,
    int Done,
    int Failed,
    int Total,
    double? ImagesPerSecond,
    TimeSpan? Eta,
    IReadOnlyList<string> Methods,
    string DataSet,
    string Protocol,
    string InfoBar,
    string? Provider,
    DateTime CreatedUtc,
    DateTime? StartedUtc,
    DateTime? FinishedUtc,
    string? Error,
    string? DataPath = null)
{
    public double Percent => Total == 0 ? 0 : 100.0 * Done / Total;

    /// <summary>Worker processes (CLI or Slurm <c>worker</c>) running on the run; 0 when none.</summary>
    public int RunningWorkers { get; init; }

    /// <summary>The run as its workers report it, when another process executes it: the total throughput across the
    /// running workers (images/s, the sum of their rates) and the ETA at that rate. A run this server executes keeps
    /// its own live figures.</summary>
    public RunListItem WithWorkers(int running, double imagesPerSecond)
    {
        if (running == 0 || Status != RunStatus.Running || ImagesPerSecond is not null)
            return this;
        int remaining = Math.Max(0, Total - Done);
        return this with
        {
            RunningWorkers = running,
            ImagesPerSecond = imagesPerSecond,
            Eta = remaining == 0 ? TimeSpan.Zero : imagesPerSecond > 0 ? TimeSpan.FromSeconds(remaining / imagesPerSecond) : null,
        };
    }

    public bool CanPause => Status is RunStatus.Running or RunStatus.Queued;
    public bool CanResume => RunStatus.CanBeTakenUpAgain(Status);
    public bool CanCancel => RunStatus.IsResumable(Status);
    /// <summary>A run that is executing (or about to) must be cancelled or paused before it is deleted.</summary>
    public bool CanDelete => Status is not (RunStatus.Running or RunStatus.Queued);

    /// <summary>The question asked before cancelling: which run, how far it is, and that cancelling keeps its results.</summary>
    public string CancelQuestion => string.Create(CultureInfo.InvariantCulture,
        $"Run #{Id} on {DataSet} ({string.Join(", ", Methods)}) has evaluated {Done} of {Total} images. Cancelling stops it and keeps " +
        $"its results; it can be resumed later. Only Delete removes a run.");

    public string EtaText => Eta switch
    {
        null => "–",
        { TotalHours: >= 1 } e => string.Create(CultureInfo.InvariantCulture, $"{(int)e.TotalHours} h {e.Minutes:00} min"),
        var e => string.Create(CultureInfo.InvariantCulture, $"{e.Value.Minutes} min {e.Value.Seconds:00} s"),
    };

    public static RunListItem From(StoredRun run, (int Done, int Failed) counts, RunProgress? live)
    {
        bool isLive = live is not null && run.Status == RunStatus.Running;
        return new RunListItem(
            run.Id,
            run.Status,
            isLive ? live!.Done : counts.Done,
            isLive ? live!.Failed : counts.Failed,
            run.TotalImages,
            isLive ? live!.ImagesPerSecond : null,
            isLive ? live!.Eta : null,
            MethodList.Parse(run.Methods),
            Path.GetFileName(run.DataRoot.TrimEnd('/')),
            run.Protocol,
            run.InfoBar,
            run.Provider,
            run.CreatedUtc,
            run.StartedUtc,
            run.FinishedUtc,
            run.Error,
            run.DataRoot);
    }
}
