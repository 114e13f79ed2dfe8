using Microsoft.AspNetCore.Components;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Inspection;
using SemSrDashboard.Engine.Statistics;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Model;

namespace SemSrDashboard.Components.Pages;

/// <summary>One category of a run: its best and worst images (with thumbnails), histograms of the per-image
/// differences and every image in a virtualised, sortable, filterable table. The compared model, sort order and filter
/// live in the query string; the image links carry the sort so the image page's previous/next follow it.</summary>
public partial class CategoryDetail : ComponentBase
{
    private const string Baseline = MethodIds.Baseline;

    [Inject] public required EngineContext Engine { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    [Parameter] public int Id { get; set; }
    [Parameter] public required string Name { get; set; }
    [SupplyParameterFromQuery(Name = "model")] public string? ModelQuery { get; set; }
    /// <summary>A metric ranked in the best/worst lists besides PSNR and SSIM (the run page's selected metric).</summary>
    [SupplyParameterFromQuery(Name = "metric")] public string? MetricQuery { get; set; }
    [SupplyParameterFromQuery(Name = "sort")] public string? Sort { get; set; }
    [SupplyParameterFromQuery(Name = "desc")] public bool? Desc { get; set; }
    [SupplyParameterFromQuery(Name = "filter")] public string? Filter { get; set; }

    private RunRecord? _run;
    private bool _known;
    private IReadOnlyList<(ImageRecord Image, ResultRecord Result)> _results = [];
    private IReadOnlyList<string> _compared = [];
    private IReadOnlyList<string> _models = [];
    private IReadOnlyList<string> _methods = [];
    private string? _model;
    private IReadOnlyList<CategoryImage> _images = [];
    private DifferenceDistribution _psnrHistogram = DifferenceDistribution.Empty;
    private DifferenceDistribution _ssimHistogram = DifferenceDistribution.Empty;
    private (int, string, string?)? _loaded;
    private RunCompleteness _completeness = RunCompleteness.Complete;

    private IReadOnlyList<string> RankedMetrics =>
        MetricQuery is not null && _run is not null && RunComparison.MetricsOf(_run).Contains(MetricQuery)
            && MetricQuery is not (RunComparison.Psnr or RunComparison.Ssim)
            ? [RunComparison.Psnr, RunComparison.Ssim, MetricQuery]
            : [RunComparison.Psnr, RunComparison.Ssim];

    private string RunHref => _model is null ? $"/runs/{Id}" : $"/runs/{Id}?model={Uri.EscapeDataString(_model)}";

    protected override void OnParametersSet()
    {
        if (_loaded == (Id, Name, ModelQuery))
            return; // only the sort or filter changed: the table applies them itself
        _loaded = (Id, Name, ModelQuery);
        _run = Engine.Store.FindRun(Id);
        if (_run is null)
            return;
        _results = Engine.Store.Results(Id);
        var images = Engine.Store.Images(Id);
        _known = images.Any(i => i.Category == Name);
        _completeness = RunCompleteness.From(_run, images, _results);
        _compared = RunComparison.ComparedMethods(_run, Baseline);
        _models = RunComparison.Models(_run);
        _methods = [Baseline, .. _compared];
        _model = ModelQuery is not null && _compared.Contains(ModelQuery) ? ModelQuery : _compared.FirstOrDefault();
        _images = ImageRanking.Images(_results, Name, _model, Baseline);
        if (_model is not null)
        {
            var psnr = RunComparison.Pairs(_results.Where(r => r.Image.Category == Name), _model, RunComparison.Psnr, Baseline);
            var ssim = RunComparison.Pairs(_results.Where(r => r.Image.Category == Name), _model, RunComparison.Ssim, Baseline);
            _psnrHistogram = ChartData.Distribution(psnr, HistogramMode.Category, Name);
            _ssimHistogram = ChartData.Distribution(ssim, HistogramMode.Category, Name);
        }
    }

    /// <summary>The image page with the compared model on the right of bicubic, and this page's order.</summary>
    private string ImageHref(CategoryImage image)
    {
        var query = new Dictionary<string, object?>
        {
            ["left"] = Baseline,
            ["right"] = _model ?? Baseline,
            ["model"] = _model,
            ["sort"] = string.IsNullOrEmpty(Sort) ? null : Sort,
            ["desc"] = Desc == true ? "true" : null,
        };
        return Navigation.GetUriWithQueryParameters($"/runs/{Id}/images/{image.Image.Id}", query);
    }

    private void OnViewChanged((string? Sort, bool Descending, string? Filter) view)
    {
        var query = new Dictionary<string, object?>
        {
            ["sort"] = view.Sort == CategoryImageOrder.File && !view.Descending ? null : view.Sort,
            ["desc"] = view.Descending ? "true" : null,
            ["filter"] = string.IsNullOrWhiteSpace(view.Filter) ? null : view.Filter,
        };
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(query), replace: true);
    }

    private void Navigate(string? model) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?> { ["model"] = model }), replace: true);
}
