using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Model;

/// <summary>What the dashboard knows of one run at one moment: the run, its images and every stored result (in the
/// store's order: image path, then the run's method order). Never changed once made: a refresh makes a new snapshot,
/// so a page can keep computing from the one it holds while another arrives.</summary>
/// <param name="LastResultId">The highest result id in <paramref name="Results"/> (0 when none): the next refresh
/// asks the store only for results after it.</param>
/// <param name="Version">Counts snapshots of this run in the cache, from 1.</param>
public sealed record RunResultsSnapshot(
    StoredRun Run,
    IReadOnlyList<StoredImage> Images,
    IReadOnlyList<(StoredImage Image, StoredResult Result)> Results,
    long LastResultId,
    long Version)
{
    /// <summary>Images with a result for every method of the run (<see cref="ImageCompletion"/>), and how many of
    /// those have a failed result; the same counts as the store's <c>CountsByRun</c>.</summary>
    public (int Done, int Failed) Counts { get; } = CountDone(Run, Results);

    /// <summary>A snapshot of everything the store holds for a run now.</summary>
    public static RunResultsSnapshot Of(StoredRun run, IReadOnlyList<StoredImage> images,
        IReadOnlyList<(StoredImage Image, StoredResult Result)> results, long version) =>
        new(run, images, results, results.Count == 0 ? 0 : results.Max(r => r.Result.Id), version);

    /// <summary>This snapshot with a fresh run record and results stored since it was made; the images those results
    /// belong to replace their earlier records (an image's size and info bar are stored with its results).</summary>
    public RunResultsSnapshot With(StoredRun run, IReadOnlyList<(StoredImage Image, StoredResult Result)> newResults)
    {
        if (newResults.Count == 0)
            return this with { Run = run, Version = Version + 1 };
        var updatedImages = newResults.GroupBy(r => r.Image.Id).ToDictionary(g => g.Key, g => g.First().Image);
        var images = Images.Select(i => updatedImages.GetValueOrDefault(i.Id, i)).ToArray();
        var methodOrder = MethodList.Parse(run.Methods).Select((m, i) => (m, i)).ToDictionary(p => p.m, p => p.i, StringComparer.Ordinal);
        var results = Results.Select(r => (Image: updatedImages.GetValueOrDefault(r.Image.Id, r.Image), r.Result))
            .Concat(newResults)
            .OrderBy(p => p.Image.RelativePath, StringComparer.Ordinal)
            .ThenBy(p => methodOrder.GetValueOrDefault(p.Result.Method, int.MaxValue))
            .ToArray();
        return new RunResultsSnapshot(run, images, results, Math.Max(LastResultId, newResults.Max(r => r.Result.Id)), Version + 1);
    }

    /// <summary>Whether <paramref name="run"/> (read again from the store) shows nothing new about the run itself:
    /// status, provider, error, start and end times, provenance and image count.</summary>
    public bool HasRunState(StoredRun run) =>
        Run.Status == run.Status && Run.Provider == run.Provider && Run.Error == run.Error && Run.StartedUtc == run.StartedUtc
        && Run.FinishedUtc == run.FinishedUtc && Run.Provenance == run.Provenance && Run.TotalImages == run.TotalImages;

    private static (int Done, int Failed) CountDone(StoredRun run, IReadOnlyList<(StoredImage Image, StoredResult Result)> results)
    {
        int methods = MethodList.Count(run.Methods);
        var perImage = results.GroupBy(r => r.Image.Id)
            .Select(g => (Results: g.Count(), Failed: g.Any(r => r.Result.Status == ResultStatus.Failed)))
            .Where(i => ImageCompletion.IsDone(methods, i.Results))
            .ToList();
        return (perImage.Count, perImage.Count(i => i.Failed));
    }
}
