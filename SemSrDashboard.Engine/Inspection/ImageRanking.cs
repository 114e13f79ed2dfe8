using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Metrics;
using SemSrDashboard.Engine.Statistics;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Engine.Inspection;

/// <summary>The images of a category with their per-image improvements, and its best and worst images.</summary>
/// <remarks><b>Direction.</b> Δ = model − baseline for every metric. For a higher-is-better metric (PSNR, SSIM) the
/// <i>best</i> images are those with the largest Δ (the model helped most), the <i>worst</i> those with the smallest
/// (most negative: the model hurt most); for a lower-is-better metric (GMSD) the ends swap. The original study's
/// notebook printed these under swapped labels.</remarks>
public static class ImageRanking
{
    /// <summary>The images of <paramref name="category"/> (all categories when null) in relative-path order, each with
    /// its results and the Δ of <paramref name="model"/> over <paramref name="baseline"/> (null when either result is
    /// missing, failed or not finite).</summary>
    public static IReadOnlyList<CategoryImage> Images(IEnumerable<(StoredImage Image, StoredResult Result)> results, string? category,
        string? model, string baseline = MethodIds.Baseline)
    {
        return results
            .Where(r => category is null || r.Image.Category == category)
            .GroupBy(r => r.Image.Id)
            .Select(g =>
            {
                var byMethod = g.GroupBy(r => r.Result.Method).ToDictionary(m => m.Key, m => m.First().Result, StringComparer.Ordinal);
                return new CategoryImage(g.First().Image, byMethod,
                    Delta(byMethod, model, baseline, RunComparison.Psnr), Delta(byMethod, model, baseline, RunComparison.Ssim))
                {
                    Model = model,
                    Baseline = baseline,
                };
            })
            .OrderBy(i => i.Image.RelativePath, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Up to <paramref name="count"/> images where the model helped most by <paramref name="metric"/> (any
    /// registered id): the largest Δ for a higher-is-better metric, the most negative for a lower-is-better one (GMSD);
    /// best first, ties by path.</summary>
    public static IReadOnlyList<CategoryImage> Best(IEnumerable<CategoryImage> images, string metric, int count) =>
        Ranked(images, metric, best: true, count);

    /// <summary>Up to <paramref name="count"/> images where the model helped least or hurt most (the other end of
    /// <see cref="Best"/>), worst first; ties by path.</summary>
    public static IReadOnlyList<CategoryImage> Worst(IEnumerable<CategoryImage> images, string metric, int count) =>
        Ranked(images, metric, best: false, count);

    private static IReadOnlyList<CategoryImage> Ranked(IEnumerable<CategoryImage> images, string metric, bool best, int count)
    {
        // Direction picks the end only; Δ itself stays model − baseline.
        // A metric without a better end (detail_ratio) ranks its largest increase first as "best".
        var direction = MetricRegistry.Get(metric).Direction;
        bool descending = best == (direction != MetricDirection.LowerIsBetter);
        var withDelta = images.Where(i => DeltaOf(i, metric) is not null);
        var ordered = descending ? withDelta.OrderByDescending(i => DeltaOf(i, metric)) : withDelta.OrderBy(i => DeltaOf(i, metric));
        return ordered.ThenBy(i => i.Image.RelativePath, StringComparer.Ordinal).Take(count).ToList();
    }

    /// <summary>Δ = model − baseline of <paramref name="metric"/> for the image's compared model; null when missing,
    /// failed or not finite.</summary>
    /// <exception cref="ArgumentException">Not a registered metric id.</exception>
    public static double? DeltaOf(CategoryImage image, string metric) => metric switch
    {
        RunComparison.Psnr => image.DeltaPsnr,
        RunComparison.Ssim => image.DeltaSsim,
        _ => Delta(image.Results, image.Model, image.Baseline, MetricRegistry.Get(metric).Id),
    };

    private static double? Delta(IReadOnlyDictionary<string, StoredResult> results, string? model, string baseline, string metric)
    {
        if (model is null || !results.TryGetValue(model, out var m) || !results.TryGetValue(baseline, out var b))
            return null;
        return RunComparison.Value(m, metric) is double mv && RunComparison.Value(b, metric) is double bv && double.IsFinite(mv - bv)
            ? mv - bv
            : null;
    }
}
