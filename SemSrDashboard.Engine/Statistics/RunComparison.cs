using System.Globalization;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Engine.Statistics;

/// <summary>Stage 8 of the pipeline: turns a run's stored results into the per-category comparison of a model with
/// a baseline, for every metric — the numbers behind the <c>stats</c> verb and the dashboard's run page.</summary>
public static class RunComparison
{
    public const string Psnr = "psnr";
    public const string Ssim = "ssim";
    public const string SsimSkimage = "ssim_skimage";

    public static readonly IReadOnlyList<string> Metrics = [Psnr, Ssim, SsimSkimage];

    /// <summary>The value of <paramref name="metric"/> in a result (null when not computed).</summary>
    public static double? Value(ResultRecord result, string metric) => metric switch
    {
        Psnr => result.Psnr,
        Ssim => result.Ssim,
        SsimSkimage => result.SsimSkimage,
        _ => throw new ArgumentException($"unknown metric '{metric}' (known: {string.Join(", ", Metrics)})", nameof(metric)),
    };

    /// <summary>One pair per image on which both methods succeeded and the metric was computed. Non-finite values
    /// (PSNR = +∞) are kept: the summariser excludes and counts them.</summary>
    public static IReadOnlyList<MetricPair> Pairs(IEnumerable<(ImageRecord Image, ResultRecord Result)> results,
        string model, string baseline, string metric)
    {
        var pairs = new List<MetricPair>();
        foreach (var image in results.Where(r => r.Result.Status == ResultStatus.Ok).GroupBy(r => r.Image.Id))
        {
            var byMethod = image.ToDictionary(r => r.Result.Method, r => r.Result, StringComparer.Ordinal);
            if (byMethod.GetValueOrDefault(baseline) is { } b && byMethod.GetValueOrDefault(model) is { } m
                && Value(b, metric) is double baselineValue && Value(m, metric) is double modelValue)
            {
                var first = image.First().Image;
                pairs.Add(new MetricPair(first.Category, first.RelativePath, baselineValue, modelValue));
            }
        }
        return pairs;
    }

    /// <summary>Per-category rows (plus <c>ALL</c>) for every metric, in <see cref="Metrics"/> order.</summary>
    public static IReadOnlyList<ComparisonRow> Summarize(int runId, IReadOnlyList<(ImageRecord Image, ResultRecord Result)> results,
        string model, string baseline)
    {
        string run = runId.ToString(CultureInfo.InvariantCulture);
        return Metrics
            .SelectMany(metric => CategorySummarizer.Summarize(run, model, baseline, metric, Pairs(results, model, baseline, metric)))
            .ToList();
    }

    /// <summary>The method a run is compared on by default: its first method that is not the baseline.</summary>
    public static string? DefaultModel(RunRecord run, string baseline) =>
        run.Methods.Split(',').FirstOrDefault(m => m != baseline);
}
