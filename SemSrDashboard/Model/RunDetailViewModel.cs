using System.Globalization;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Inspection;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Statistics;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Model;

/// <summary>Everything the run page shows, computed from one results snapshot, the run's live progress and the page's
/// query string: the compared model and metric (a valid one whatever the query says), headline summaries, the
/// per-category table, histograms, scatter and the best/worst images. Pure: the same inputs give the same view.</summary>
public sealed class RunDetailViewModel
{
    public const string Baseline = MethodIds.Baseline;
    public const double DefaultAlpha = 0.05;

    private RunDetailViewModel(RunResultsSnapshot snapshot, RunProgress? live)
    {
        Snapshot = snapshot;
        Live = live;
    }

    /// <summary>The query this view was built from.</summary>
    private RunDetailQuery Requested { get; init; } = new();

    public RunResultsSnapshot Snapshot { get; }
    public StoredRun Run => Snapshot.Run;
    /// <summary>This server's latest progress of the run, shown while the run is running.</summary>
    public RunProgress? Live { get; }
    public bool IsLive => Live is not null && Run.Status == RunStatus.Running;
    public int Done { get; private init; }
    public int Failed { get; private init; }
    public RunListItem Item { get; private init; } = null!;
    public RunCompleteness Completeness { get; private init; } = RunCompleteness.Complete;
    /// <summary>The run's methods other than the baseline, in run order.</summary>
    public IReadOnlyList<string> Compared { get; private init; } = [];
    public IReadOnlyList<string> RunMetrics { get; private init; } = [];
    /// <summary>The compared model: the query's if the run has it, else the first; null for a baseline-only run.</summary>
    public string? Model { get; private init; }
    public string Metric { get; private init; } = MetricIds.Psnr;
    public HistogramMode Mode { get; private init; } = HistogramMode.All;
    public string? Category { get; private init; }
    public double Alpha { get; private init; } = DefaultAlpha;
    public IReadOnlyList<string> Categories { get; private init; } = [];
    public int PairCount { get; private init; }
    public ComparisonRow? PsnrAll { get; private init; }
    public ComparisonRow? SsimAll { get; private init; }
    public IReadOnlyList<CategoryTableRow> Rows { get; private init; } = [];
    public DifferenceDistribution SsimHistogram { get; private init; } = DifferenceDistribution.Empty;
    public DifferenceDistribution PsnrHistogram { get; private init; } = DifferenceDistribution.Empty;
    /// <summary>Histogram of the selected metric when it is neither PSNR nor SSIM (those two are always shown).</summary>
    public DifferenceDistribution? ExtraHistogram { get; private init; }
    public IReadOnlyList<ScatterSeries> Scatter { get; private init; } = [];
    public IReadOnlyList<CategoryImage> Images { get; private init; } = [];

    public bool LowerIsBetter => NumberFormat.LowerIsBetter(Metric);

    public string ExtraTitle =>
        $"Δ{NumberFormat.MetricName(Metric)}{(NumberFormat.Unit(Metric) is { Length: > 0 } unit ? $" ({unit})" : "")} · {NumberFormat.Direction(Metric)}";

    /// <summary>The data folder's last name.</summary>
    public string DataSetName => Path.GetFileName(Run.DataRoot.TrimEnd('/'));

    /// <summary>Every result of one image (by path), for the image-metrics dialog.</summary>
    public IReadOnlyList<(StoredImage Image, StoredResult Result)> ResultsOf(string relativePath) =>
        Snapshot.Results.Where(r => r.Image.RelativePath == relativePath).ToList();

    public static RunDetailViewModel Build(RunResultsSnapshot snapshot, RunProgress? live, RunDetailQuery query)
    {
        var run = snapshot.Run;
        var results = snapshot.Results;
        bool isLive = live is not null && run.Status == RunStatus.Running;
        var compared = RunComparison.ComparedMethods(run, Baseline);
        var runMetrics = RunComparison.MetricsOf(run);
        string? model = query.Model is not null && compared.Contains(query.Model) ? query.Model : compared.FirstOrDefault();
        string metric = query.Metric is not null && runMetrics.Contains(query.Metric) ? query.Metric : MetricIds.Psnr;
        var mode = Enum.TryParse<HistogramMode>(query.Histogram, ignoreCase: true, out var parsed) ? parsed : HistogramMode.All;
        double alpha = query.Alpha is > 0 and < 1 ? query.Alpha.Value : DefaultAlpha;
        var view = new RunDetailViewModel(snapshot, live)
        {
            Done = isLive ? live!.Done : snapshot.Counts.Done,
            Failed = isLive ? live!.Failed : snapshot.Counts.Failed,
            Item = RunListItem.From(run, snapshot.Counts, live),
            Completeness = RunCompleteness.From(run, snapshot.Images, results),
            Compared = compared,
            RunMetrics = runMetrics,
            Model = model,
            Metric = metric,
            Mode = mode,
            Alpha = alpha,
            Requested = query,
        };
        return model is null ? view : view.WithComparison(model);
    }

    /// <summary>The summaries and charts of <paramref name="model"/> against the baseline.</summary>
    private RunDetailViewModel WithComparison(string model)
    {
        var results = Snapshot.Results;
        var psnrPairs = RunComparison.Pairs(results, model, MetricIds.Psnr, Baseline);
        var ssimPairs = RunComparison.Pairs(results, model, MetricIds.Ssim, Baseline);
        string runId = Run.Id.ToString(CultureInfo.InvariantCulture);
        var psnrRows = CategorySummarizer.Summarize(runId, model, Baseline, MetricIds.Psnr, psnrPairs);
        var ssimRows = CategorySummarizer.Summarize(runId, model, Baseline, MetricIds.Ssim, ssimPairs);
        var metricRows = Metric switch
        {
            MetricIds.Psnr => psnrRows,
            MetricIds.Ssim => ssimRows,
            _ => RunComparison.Summarize(Run, results, model, Metric, Baseline),
        };
        var categories = psnrPairs.Select(p => p.Category).Concat(ssimPairs.Select(p => p.Category)).Distinct().Order(StringComparer.Ordinal).ToList();
        string? category = Requested.Category is { } wanted && categories.Contains(wanted) ? wanted : categories.FirstOrDefault();
        return new RunDetailViewModel(Snapshot, Live)
        {
            Done = Done,
            Failed = Failed,
            Item = Item,
            Completeness = Completeness,
            Compared = Compared,
            RunMetrics = RunMetrics,
            Model = model,
            Metric = Metric,
            Mode = Mode,
            Alpha = Alpha,
            Requested = Requested,
            Rows = CategoryTableRow.Build(metricRows, psnrRows, ssimRows),
            PsnrAll = psnrRows.LastOrDefault(r => r.Category == CategorySummarizer.AllCategory),
            SsimAll = ssimRows.LastOrDefault(r => r.Category == CategorySummarizer.AllCategory),
            PairCount = Math.Max(psnrPairs.Count, ssimPairs.Count),
            Categories = categories,
            Category = category,
            SsimHistogram = ChartData.Distribution(ssimPairs, Mode, category),
            PsnrHistogram = ChartData.Distribution(psnrPairs, Mode, category),
            Scatter = ChartData.Scatter(psnrPairs),
            ExtraHistogram = Metric is MetricIds.Psnr or MetricIds.Ssim
                ? null
                : ChartData.Distribution(RunComparison.Pairs(results, model, Metric, Baseline), Mode, category),
            Images = ImageRanking.Images(results, category: null, model, Baseline),
        };
    }

    /// <summary>The image page with the compared model on the right of the baseline.</summary>
    public string ImageHref(CategoryImage image) =>
        DashboardUrls.Image(Run.Id, image.Image.Id, ("left", Baseline), ("right", Model), ("model", Model));

    /// <summary>The run page's query string for a changed view (the rest as now).</summary>
    public IEnumerable<(string Name, string? Value)> QueryWith(string? model = null, string? metric = null, HistogramMode? histogram = null,
        string? category = null)
    {
        var mode = histogram ?? Mode;
        return
        [
            ("model", model ?? Model),
            ("metric", metric ?? Metric),
            ("histogram", mode.ToString().ToLowerInvariant()),
            ("category", mode == HistogramMode.Category ? category ?? Category : null),
        ];
    }
}
