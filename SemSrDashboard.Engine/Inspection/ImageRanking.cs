using SemSrDashboard.Engine.Statistics;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Engine.Inspection;

/// <summary>The images of a category with their per-image improvements, and its best and worst images.</summary>
/// <remarks><b>Direction.</b> Δ = model − baseline for PSNR and SSIM, where higher is better for both; the
/// <i>best</i> images are those with the largest Δ (the model helped most), the <i>worst</i> those with the smallest
/// (most negative: the model hurt most). The original study's notebook printed these under swapped labels.</remarks>
public static class ImageRanking
{
    /// <summary>The images of <paramref name="category"/> (all categories when null) in relative-path order, each with
    /// its results and the Δ of <paramref name="model"/> over <paramref name="baseline"/> (null when either result is
    /// missing, failed or not finite).</summary>
    public static IReadOnlyList<CategoryImage> Images(IEnumerable<(ImageRecord Image, ResultRecord Result)> results, string? category,
        string? model, string baseline = InterpolationUpsampler.Bicubic)
    {
        return results
            .Where(r => category is null || r.Image.Category == category)
            .GroupBy(r => r.Image.Id)
            .Select(g =>
            {
                var byMethod = g.GroupBy(r => r.Result.Method).ToDictionary(m => m.Key, m => m.First().Result, StringComparer.Ordinal);
                return new CategoryImage(g.First().Image, byMethod,
                    Delta(byMethod, model, baseline, RunComparison.Psnr), Delta(byMethod, model, baseline, RunComparison.Ssim));
            })
            .OrderBy(i => i.Image.RelativePath, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Up to <paramref name="count"/> images with the largest Δ of <paramref name="metric"/> (psnr or ssim),
    /// largest first; ties by path.</summary>
    public static IReadOnlyList<CategoryImage> Best(IEnumerable<CategoryImage> images, string metric, int count) =>
        images.Where(i => DeltaOf(i, metric) is not null)
            .OrderByDescending(i => DeltaOf(i, metric)).ThenBy(i => i.Image.RelativePath, StringComparer.Ordinal)
            .Take(count).ToList();

    /// <summary>Up to <paramref name="count"/> images with the smallest Δ, smallest first; ties by path.</summary>
    public static IReadOnlyList<CategoryImage> Worst(IEnumerable<CategoryImage> images, string metric, int count) =>
        images.Where(i => DeltaOf(i, metric) is not null)
            .OrderBy(i => DeltaOf(i, metric)).ThenBy(i => i.Image.RelativePath, StringComparer.Ordinal)
            .Take(count).ToList();

    public static double? DeltaOf(CategoryImage image, string metric) => metric switch
    {
        RunComparison.Psnr => image.DeltaPsnr,
        RunComparison.Ssim => image.DeltaSsim,
        _ => throw new ArgumentException($"best/worst rank by {RunComparison.Psnr} or {RunComparison.Ssim}, not '{metric}'", nameof(metric)),
    };

    private static double? Delta(Dictionary<string, ResultRecord> results, string? model, string baseline, string metric)
    {
        if (model is null || !results.TryGetValue(model, out var m) || !results.TryGetValue(baseline, out var b))
            return null;
        return RunComparison.Value(m, metric) is double mv && RunComparison.Value(b, metric) is double bv && double.IsFinite(mv - bv)
            ? mv - bv
            : null;
    }
}
