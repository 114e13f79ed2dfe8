using Microsoft.AspNetCore.Components;
using MudBlazor;
using SemSrDashboard.Components.Dialogs;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Inspection;
using SemSrDashboard.Engine.Metrics;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Statistics;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Model;
using SemSrDashboard.Services;

namespace SemSrDashboard.Components.Pages;

/// <summary>One run's results: headline numbers, the per-category table, histograms and the PSNR scatter. The
/// compared model, metric, histogram mode and category live in the query string, so a link shows the same view.</summary>
public partial class RunDetail : ComponentBase, IDisposable
{
    private const string Baseline = MethodIds.Baseline;
    private static readonly TimeSpan LiveReloadInterval = TimeSpan.FromSeconds(1);

    [Inject] public required EngineContext Engine { get; init; }
    [Inject] public required ProgressBroadcaster Progress { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }

    [Parameter] public int Id { get; set; }
    [SupplyParameterFromQuery(Name = "model")] public string? Model { get; set; }
    [SupplyParameterFromQuery(Name = "metric")] public string? Metric { get; set; }
    [SupplyParameterFromQuery(Name = "histogram")] public string? Histogram { get; set; }
    [SupplyParameterFromQuery(Name = "category")] public string? Category { get; set; }
    [SupplyParameterFromQuery(Name = "alpha")] public double? Alpha { get; set; }

    private RunRecord? _run;
    private RunProgress? _live;
    private IReadOnlyList<(ImageRecord Image, ResultRecord Result)> _results = [];
    private IReadOnlyList<string> _compared = [];
    private IReadOnlyList<string> _categories = [];
    private string? _model;
    private string _metric = RunComparison.Psnr;
    private HistogramMode _mode = HistogramMode.All;
    private string? _category;
    private double _alpha = 0.05;
    private int _done;
    private int _failed;
    private int _pairCount;
    private ComparisonRow? _psnrAll;
    private ComparisonRow? _ssimAll;
    private IReadOnlyList<CategoryTableRow> _rows = [];
    private DifferenceDistribution _ssimHistogram = DifferenceDistribution.Empty;
    private DifferenceDistribution _psnrHistogram = DifferenceDistribution.Empty;
    private IReadOnlyList<ScatterSeries> _scatter = [];
    private IReadOnlyList<string> _runMetrics = [];
    /// <summary>Histogram of the selected metric when it is neither PSNR nor SSIM (those two are always shown).</summary>
    private DifferenceDistribution? _extraHistogram;
    private IReadOnlyList<CategoryImage> _images = [];
    private RunCompleteness _completeness = RunCompleteness.Complete;
    private RunListItem _item = null!; // set with _run
    private IDisposable? _subscription;
    private DateTime _lastLoad = DateTime.MinValue;
    private int _loadedId = -1;

    private bool LowerIsBetter => NumberFormat.LowerIsBetter(_metric);

    private string ExtraTitle => $"Δ{NumberFormat.MetricName(_metric)}{(NumberFormat.Unit(_metric) is { Length: > 0 } unit ? $" ({unit})" : "")} · {NumberFormat.Direction(_metric)}";

    private string DataSetName => _run is null ? "" : Path.GetFileName(_run.DataRoot.TrimEnd('/'));

    protected override void OnInitialized()
    {
        // Only the interactive page follows progress: the prerendered one is thrown away (see Runs).
        if (RendererInfo.IsInteractive)
            _subscription = Progress.Subscribe(() => InvokeAsync(OnProgressAsync));
    }

    protected override void OnParametersSet()
    {
        if (_loadedId != Id)
        {
            _loadedId = Id;
            LoadResults();
        }
        Compute();
    }

    /// <summary>Reads the run and its results from the store (the expensive part; charts are recomputed from it).</summary>
    private void LoadResults()
    {
        _run = Engine.Store.FindRun(Id);
        _live = Progress.Latest(Id);
        _lastLoad = DateTime.UtcNow;
        if (_run is null)
            return;
        _results = Engine.Store.Results(Id);
        var counts = Engine.Store.CountsByRun().GetValueOrDefault(Id);
        bool live = _live is not null && _run.Status == RunStatus.Running;
        _done = live ? _live!.Done : counts.Done;
        _failed = live ? _live!.Failed : counts.Failed;
        _compared = RunComparison.ComparedMethods(_run, Baseline);
        _runMetrics = RunComparison.MetricsOf(_run);
        _completeness = RunCompleteness.From(_run, Engine.Store.Images(Id), _results);
        _item = RunListItem.From(_run, counts, _live);
    }

    /// <summary>After pause, resume or cancel from this page.</summary>
    private Task ReloadAsync()
    {
        LoadResults();
        Compute();
        return Task.CompletedTask;
    }

    /// <summary>Applies the query string to the loaded results: summaries, table rows and chart data.</summary>
    private void Compute()
    {
        if (_run is null)
            return;
        _model = Model is not null && _compared.Contains(Model) ? Model : _compared.FirstOrDefault();
        _metric = Metric is not null && _runMetrics.Contains(Metric) ? Metric : RunComparison.Psnr;
        _mode = Enum.TryParse<HistogramMode>(Histogram, ignoreCase: true, out var mode) ? mode : HistogramMode.All;
        _alpha = Alpha is > 0 and < 1 ? Alpha.Value : 0.05;
        if (_model is null)
            return;

        var psnrPairs = RunComparison.Pairs(_results, _model, RunComparison.Psnr, Baseline);
        var ssimPairs = RunComparison.Pairs(_results, _model, RunComparison.Ssim, Baseline);
        string runId = _run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var psnrRows = CategorySummarizer.Summarize(runId, _model, Baseline, RunComparison.Psnr, psnrPairs);
        var ssimRows = CategorySummarizer.Summarize(runId, _model, Baseline, RunComparison.Ssim, ssimPairs);
        var metricRows = _metric switch
        {
            RunComparison.Psnr => psnrRows,
            RunComparison.Ssim => ssimRows,
            _ => RunComparison.Summarize(_run, _results, _model, _metric, Baseline),
        };
        _rows = CategoryTableRow.Build(metricRows, psnrRows, ssimRows);
        _psnrAll = psnrRows.LastOrDefault(r => r.Category == CategorySummarizer.AllCategory);
        _ssimAll = ssimRows.LastOrDefault(r => r.Category == CategorySummarizer.AllCategory);
        _pairCount = Math.Max(psnrPairs.Count, ssimPairs.Count);

        _categories = psnrPairs.Select(p => p.Category).Concat(ssimPairs.Select(p => p.Category)).Distinct().Order(StringComparer.Ordinal).ToList();
        _category = Category is not null && _categories.Contains(Category) ? Category : _categories.FirstOrDefault();
        _ssimHistogram = ChartData.Distribution(ssimPairs, _mode, _category);
        _psnrHistogram = ChartData.Distribution(psnrPairs, _mode, _category);
        _scatter = ChartData.Scatter(psnrPairs);
        _extraHistogram = _metric is RunComparison.Psnr or RunComparison.Ssim
            ? null
            : ChartData.Distribution(RunComparison.Pairs(_results, _model, _metric, Baseline), _mode, _category);
        _images = ImageRanking.Images(_results, category: null, _model, Baseline);
    }

    /// <summary>The image page with the compared model on the right of bicubic.</summary>
    private string ImageHref(CategoryImage image) =>
        Navigation.GetUriWithQueryParameters($"/runs/{Id}/images/{image.Image.Id}",
            new Dictionary<string, object?> { ["left"] = Baseline, ["right"] = _model, ["model"] = _model });

    private Task OnProgressAsync()
    {
        var latest = Progress.Latest(Id);
        if (_run is null || latest is null || ReferenceEquals(latest, _live))
            return Task.CompletedTask;
        bool finished = latest.Status != RunStatus.Running;
        if (!finished && DateTime.UtcNow - _lastLoad < LiveReloadInterval)
            return Task.CompletedTask; // the next progress report will pick the new results up
        LoadResults();
        Compute();
        StateHasChanged();
        return Task.CompletedTask;
    }

    private void Navigate(string? model = null, string? metric = null, HistogramMode? histogram = null, string? category = null)
    {
        var query = new Dictionary<string, object?>
        {
            ["model"] = model ?? _model,
            ["metric"] = metric ?? _metric,
            ["histogram"] = (histogram ?? _mode).ToString().ToLowerInvariant(),
            ["category"] = (histogram ?? _mode) == HistogramMode.Category ? category ?? _category : null,
        };
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(query), replace: true);
    }

    private string ExportUrl(string file, string? model = null) =>
        model is null ? $"/runs/{Id}/export/{file}" : $"/runs/{Id}/export/{file}?model={Uri.EscapeDataString(model)}";

    private async Task ShowProvenanceAsync()
    {
        if (_run is null)
            return;
        var parameters = new DialogParameters<ProvenanceDialog> { { d => d.Run, _run } };
        await Dialogs.ShowAsync<ProvenanceDialog>(null, parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true, CloseOnEscapeKey = true });
    }

    private async Task ShowImageAsync(string relativePath)
    {
        var rows = _results.Where(r => r.Image.RelativePath == relativePath).ToList();
        if (rows.Count == 0)
            return;
        var parameters = new DialogParameters<ImageMetricsDialog>
        {
            { d => d.Image, rows[0].Image },
            { d => d.Results, rows.Select(r => r.Result).ToList() },
            { d => d.Model, _model },
        };
        await Dialogs.ShowAsync<ImageMetricsDialog>(null, parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true, CloseOnEscapeKey = true });
    }

    public void Dispose() => _subscription?.Dispose();
}
