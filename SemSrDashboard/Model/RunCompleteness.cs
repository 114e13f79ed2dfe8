using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Model;

/// <summary>How much of a run is in: images with a stored result for every method (ok or failed), per category and
/// in all. Until the run has completed every verdict drawn from it is provisional and the pages say so.</summary>
public sealed record RunCompleteness(string Status, int DoneImages, int TotalImages,
    IReadOnlyDictionary<string, (int Done, int Total)> Categories)
{
    /// <summary>True while the run has not completed (queued, running, paused, cancelled or failed part-way).</summary>
    public bool IsProvisional => Status != RunStatus.Completed;

    public int CompleteCategories => Categories.Values.Count(c => c.Done == c.Total);

    /// <summary>e.g. "provisional — 29 of 32 images, 7 of 8 categories complete"; null for a completed run.</summary>
    public string? Summary => IsProvisional
        ? $"provisional — {DoneImages} of {TotalImages} images, {CompleteCategories} of {Categories.Count} categories complete"
        : null;

    /// <summary>What can still change, and when.</summary>
    public string Caveat => Status is RunStatus.Queued or RunStatus.Running
        ? "Means, tests and verdicts can change as the remaining images are evaluated."
        : $"The run is {Status}; means, tests and verdicts would change if it were resumed and the remaining images evaluated.";

    /// <summary>The category page's line: how far this category is, and that the run as a whole is not finished
    /// (its Holm adjustment spans every category); null for a completed run.</summary>
    public string? CategorySummary(string category)
    {
        if (!IsProvisional)
            return null;
        string run = $"the run has {DoneImages} of {TotalImages} images";
        return CategoryProgress(category) is { } progress
            ? $"provisional — this category: {progress}; {run}"
            : $"provisional — every image of this category is in, but {run} and the Holm-adjusted p-values span all categories";
    }

    /// <summary>e.g. "3 of 5 images in" for a category still being evaluated; null when all of its images are in.</summary>
    public string? CategoryProgress(string category) =>
        IsProvisional && Categories.TryGetValue(category, out var c) && c.Done < c.Total ? $"{c.Done} of {c.Total} images in" : null;

    /// <summary>Counts from the run's images and stored results.</summary>
    public static RunCompleteness From(StoredRun run, IEnumerable<StoredImage> images, IEnumerable<(StoredImage Image, StoredResult Result)> results)
    {
        int methods = MethodList.Count(run.Methods);
        var resultsPerImage = results.GroupBy(r => r.Image.Id).ToDictionary(g => g.Key, g => g.Select(r => r.Result.Method).Distinct().Count());
        var categories = images.GroupBy(i => i.Category, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => (Done: g.Count(i => resultsPerImage.GetValueOrDefault(i.Id) >= methods), Total: g.Count()),
            StringComparer.Ordinal);
        return new RunCompleteness(run.Status, categories.Values.Sum(c => c.Done), run.TotalImages, categories);
    }

    /// <summary>A completed run, or a stand-in where completeness is unknown (nothing is flagged).</summary>
    public static RunCompleteness Complete { get; } = new(RunStatus.Completed, 0, 0, new Dictionary<string, (int, int)>());
}
