using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Services;

/// <summary>The workers of a set of runs as one read found them.</summary>
/// <param name="Runs">The runs that were read (a run without workers is read but absent from <paramref name="Workers"/>).</param>
public sealed record WorkerBoardSnapshot(IReadOnlySet<int> Runs, IReadOnlyDictionary<int, IReadOnlyList<WorkerSnapshot>> Workers, DateTime ReadAtUtc)
{
    public static readonly WorkerBoardSnapshot Empty = new(new HashSet<int>(), new Dictionary<int, IReadOnlyList<WorkerSnapshot>>(), DateTime.MinValue);

    public bool Covers(int runId) => Runs.Contains(runId);

    public IReadOnlyList<WorkerSnapshot> Of(int runId) => Workers.GetValueOrDefault(runId) ?? [];
}
