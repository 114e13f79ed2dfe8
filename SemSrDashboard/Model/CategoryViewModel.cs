using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Inspection;
using SemSrDashboard.Engine.Statistics;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Model;

/// <summary>What the category page shows, from one results snapshot: whether the run has the category, the compared
/// model (the query's if the run has it), the category's images ranked against the baseline and its histograms.
/// Pure: the same inputs give the same view.</summary>
public sealed class CategoryViewModel
{
    public const string Baseline = MethodIds.Baseline;

    private CategoryViewModel(StoredRun run, string category)
    {
        Run = run;
        Category = category;
    }

    public StoredRun Run { get; }
    public string Category { get; }
    /// <summary>The run scanned an image in this category (it may have no result yet).</summary>
    public bool Known { get; private init; }
    public RunCompleteness Completeness { get; private init; } = RunCompleteness.Complete;
    public IReadOnlyList<string> Compared { get; private init; } = [];
    /// <summary>The run's learned models (those with stored outputs to download).</summary>
    public IReadOnlyList<string> Models { get; private init; } = [];
    /// <summary>The baseline, then the compared methods: the table's columns.</summary>
    public IReadOnlyList<string> Methods { get; private init; } = [];
    public string? Model { get; private init; }
    public IReadOnlyList<CategoryImage> Images { get; private init; } = [];
    public DifferenceDistribution PsnrHistogram { get; private init; } = DifferenceDistribution.Empty;
    public DifferenceDistribution SsimHistogram { get; private init; } = DifferenceDistribution.Empty;

    /// <summary>The page has something to show: the category has images with results, or was at least scanned.</summary>
    public bool Exists => Images.Count > 0 || Known;

    public static CategoryViewModel Build(RunResultsSnapshot snapshot, string category, string? modelQuery)
    {
        var run = snapshot.Run;
        var results = snapshot.Results;
        var compared = RunComparison.ComparedMethods(run, Baseline);
        string? model = modelQuery is not null && compared.Contains(modelQuery) ? modelQuery : compared.FirstOrDefault();
        var inCategory = results.Where(r => r.Image.Category == category).ToList();
        return new CategoryViewModel(run, category)
        {
            Known = snapshot.Images.Any(i => i.Category == category),
            Completeness = RunCompleteness.From(run, snapshot.Images, results),
            Compared = compared,
            Models = RunComparison.Models(run),
            Methods = [Baseline, .. compared],
            Model = model,
            Images = ImageRanking.Images(results, category, model, Baseline),
            PsnrHistogram = model is null ? DifferenceDistribution.Empty
                : ChartData.Distribution(RunComparison.Pairs(inCategory, model, MetricIds.Psnr, Baseline), HistogramMode.Category, category),
            SsimHistogram = model is null ? DifferenceDistribution.Empty
                : ChartData.Distribution(RunComparison.Pairs(inCategory, model, MetricIds.Ssim, Baseline), HistogramMode.Category, category),
        };
    }

    /// <summary>PSNR and SSIM, and the run page's selected metric when the run computed it and it is another one.</summary>
    public IReadOnlyList<string> RankedMetrics(string? metricQuery) =>
        metricQuery is not null && RunComparison.MetricsOf(Run).Contains(metricQuery) && metricQuery is not (MetricIds.Psnr or MetricIds.Ssim)
            ? [MetricIds.Psnr, MetricIds.Ssim, metricQuery]
            : [MetricIds.Psnr, MetricIds.Ssim];

    /// <summary>The run page with this page's compared model.</summary>
    public string RunHref => DashboardUrls.Run(Run.Id, Model);

    /// <summary>The image page with the compared model on the right of the baseline, and this page's order.</summary>
    public string ImageHref(CategoryImage image, string? sort, bool descending) =>
        DashboardUrls.Image(Run.Id, image.Image.Id, ("left", Baseline), ("right", Model ?? Baseline), ("model", Model),
            ("sort", string.IsNullOrEmpty(sort) ? null : sort), ("desc", descending ? "true" : null));
}
