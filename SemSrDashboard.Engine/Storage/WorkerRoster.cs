using Microsoft.EntityFrameworkCore;

namespace SemSrDashboard.Engine.Storage;

/// <summary>The workers of several runs read in one query, for a dashboard that shows every run's workers and keeps
/// to one query per refresh however many runs and pages it shows.</summary>
public sealed class WorkerRoster(EvaluationDatabase database)
{
    /// <summary>The workers of <paramref name="runIds"/>, in the order they joined; a run without workers is absent.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<WorkerSnapshot>> OfRuns(IReadOnlyCollection<int> runIds)
    {
        if (runIds.Count == 0)
            return new Dictionary<int, IReadOnlyList<WorkerSnapshot>>();
        using var db = database.CreateContext();
        var ids = runIds.ToList();
        return db.Workers.AsNoTracking().Where(w => ids.Contains(w.RunId)).OrderBy(w => w.Id)
            .Select(WorkerSnapshot.FromRecord)
            .ToList()
            .GroupBy(w => w.RunId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<WorkerSnapshot>)g.ToList());
    }
}
