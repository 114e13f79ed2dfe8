using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Metrics;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Engine.Statistics;

/// <summary>Turns a run's stored results into the per-image <see cref="MetricPair"/>s of one compared method against
/// the bicubic baseline, and summarises them per category. Shared by the dashboard and the command line.</summary>
public static class RunComparison
{
    public const string Psnr = MetricRegistry.Psnr;
    public const string Ssim = MetricRegistry.Ssim;
    public const string SsimSkimage = MetricRegistry.SsimSkimage;

    /// <summary>Every registered metric id in display order (the names used in the CSV columns).</summary>
    public static IReadOnlyList<string> Metrics => MetricRegistry.AllIds;

    public static bool IsMetric(string? metric) => MetricRegistry.IsKnown(metric);

    /// <summary>The metrics a run computed (registry order): its stored list; the core three for a run stored before
    /// metrics could be chosen.</summary>
    public static IReadOnlyList<string> MetricsOf(StoredRun run) => MetricRegistry.ParseStored(run.Metrics);

    /// <summary>The run's methods other than the baseline: its models first, then other interpolations, each in run
    /// order — so the first is what a page or the <c>stats</c> verb compares by default (the network, not bilinear).</summary>
    public static IReadOnlyList<string> ComparedMethods(StoredRun run, string baseline = MethodIds.Baseline) =>
        MethodList.Parse(run.Methods)
            .Where(m => m != baseline).Distinct()
            .OrderBy(m => MethodIds.IsInterpolation(m) ? 1 : 0)
            .ToList();

    /// <summary>The run's learned models (compared methods that are not classical interpolations).</summary>
    public static IReadOnlyList<string> Models(StoredRun run) =>
        ComparedMethods(run).Where(m => !MethodIds.IsInterpolation(m)).ToList();

    /// <summary>The value of <paramref name="metric"/> in a result; null when the result failed or the metric is missing.</summary>
    /// <exception cref="ArgumentException">Not a registered metric id.</exception>
    public static double? Value(StoredResult result, string metric)
    {
        if (result.Status != Domain.ResultStatus.Ok)
            return null;
        return MetricRegistry.Get(metric).Read(result);
    }

    /// <summary>One pair per image that has a successful value of <paramref name="metric"/> for both
    /// <paramref name="model"/> and <paramref name="baseline"/>, in image path order; the key is the image's relative
    /// path. Non-finite values (PSNR +∞ of identical images) are kept: the summariser excludes and counts them.</summary>
    public static IReadOnlyList<MetricPair> Pairs(IEnumerable<(StoredImage Image, StoredResult Result)> results, string model,
        string metric, string baseline = MethodIds.Baseline)
    {
        ArgumentNullException.ThrowIfNull(results);
        var pairs = new List<MetricPair>();
        foreach (var image in results.GroupBy(r => r.Image.Id))
        {
            double? modelValue = null, baselineValue = null;
            StoredImage? record = null;
            foreach (var (img, result) in image)
            {
                record = img;
                if (result.Method == model)
                    modelValue = Value(result, metric);
                else if (result.Method == baseline)
                    baselineValue = Value(result, metric);
            }
            if (record is not null && modelValue is double m && baselineValue is double b)
                pairs.Add(new MetricPair(record.Category, record.RelativePath, b, m));
        }
        pairs.Sort((x, y) => string.CompareOrdinal(x.ImageKey, y.ImageKey));
        return pairs;
    }

    /// <summary>Per-category comparison rows (plus "ALL") of <paramref name="model"/> against the baseline.</summary>
    public static IReadOnlyList<ComparisonRow> Summarize(StoredRun run, IEnumerable<(StoredImage Image, StoredResult Result)> results,
        string model, string metric, string baseline = MethodIds.Baseline) =>
        CategorySummarizer.Summarize(run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), model, baseline, metric,
            Pairs(results, model, metric, baseline));

    /// <summary>Rows for every compared method and every metric the run computed: the content of the summary CSV.</summary>
    public static IReadOnlyList<ComparisonRow> SummarizeAll(StoredRun run, IReadOnlyList<(StoredImage Image, StoredResult Result)> results,
        string baseline = MethodIds.Baseline) =>
        ComparedMethods(run, baseline)
            .SelectMany(model => MetricsOf(run).SelectMany(metric => Summarize(run, results, model, metric, baseline)))
            .ToList();
}
