using System.Globalization;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Components.Workers;

/// <summary>A run's workers at one moment: their rows, how many run, and the run's total throughput.</summary>
public sealed class WorkersViewModel
{
    private WorkersViewModel(IReadOnlyList<WorkerRow> rows, DateTime nowUtc)
    {
        Rows = rows;
        NowUtc = nowUtc;
    }

    public static readonly WorkersViewModel Empty = new([], DateTime.MinValue);

    public IReadOnlyList<WorkerRow> Rows { get; }

    /// <summary>The moment the rows describe (heartbeat ages are measured from it).</summary>
    public DateTime NowUtc { get; }

    public int Running => Rows.Count(r => r.IsRunning);

    /// <summary>Images per second of the run across its running workers (the sum of their rates); finished and lost
    /// workers no longer add to it.</summary>
    public double TotalImagesPerSecond => Rows.Where(r => r.IsRunning).Sum(r => r.ImagesPerSecond);

    /// <summary>E.g. "3 running · 1 lost · 1 finished".</summary>
    public string StateSummary => string.Join(" · ", Rows.GroupBy(r => r.State, StringComparer.Ordinal)
        .OrderBy(g => g.Key == WorkerStates.Running ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {g.Key}")));

    /// <param name="lease">See <see cref="WorkerRow.Of"/>.</param>
    public static WorkersViewModel Build(IReadOnlyList<WorkerSnapshot> workers, DateTime nowUtc, TimeSpan lease) =>
        workers.Count == 0 ? Empty : new(workers.Select(w => WorkerRow.Of(w, nowUtc, lease)).ToList(), nowUtc);
}
