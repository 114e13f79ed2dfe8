using Microsoft.AspNetCore.Components;
using SemSrDashboard.Engine.Inspection;
using SemSrDashboard.Model;
using SemSrDashboard.Services;

namespace SemSrDashboard.Components.Pages;

/// <summary>One category of a run: its best and worst images (with thumbnails), histograms of the per-image
/// differences and every image in a virtualised, sortable, filterable table. The compared model, sort order and filter
/// live in the query string; the image links carry the sort so the image page's previous/next follow it. The view
/// is a <see cref="CategoryViewModel"/> of the run's snapshot in the <see cref="RunResultsCache"/>, made when the run,
/// category or model changes (not live: the table keeps its rows while the user reads them).</summary>
public partial class CategoryDetail : ComponentBase, IDisposable
{
    private const string Baseline = CategoryViewModel.Baseline;

    [Inject] public required RunResultsCache Results { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    [Parameter] public int Id { get; set; }
    [Parameter] public required string Name { get; set; }
    [SupplyParameterFromQuery(Name = "model")] public string? ModelQuery { get; set; }
    /// <summary>A metric ranked in the best/worst lists besides PSNR and SSIM (the run page's selected metric).</summary>
    [SupplyParameterFromQuery(Name = "metric")] public string? MetricQuery { get; set; }
    [SupplyParameterFromQuery(Name = "sort")] public string? Sort { get; set; }
    [SupplyParameterFromQuery(Name = "desc")] public bool? Desc { get; set; }
    [SupplyParameterFromQuery(Name = "filter")] public string? Filter { get; set; }

    private RunResultsSubscription? _subscription;
    private CategoryViewModel? _view;
    private (int, string, string?)? _loaded;

    protected override void OnParametersSet()
    {
        if (_loaded == (Id, Name, ModelQuery))
            return; // only the sort or filter changed: the table applies them itself
        if (_loaded?.Item1 != Id)
        {
            _subscription?.Dispose();
            _subscription = Results.Subscribe(Id);
        }
        _loaded = (Id, Name, ModelQuery);
        _view = _subscription is { } subscription ? CategoryViewModel.Build(subscription.Current, Name, ModelQuery) : null;
        if (!RendererInfo.IsInteractive)
            _subscription?.Dispose(); // rendered once: the cache keeps the run a little for the interactive page
    }

    private string ImageHref(CategoryImage image) => _view!.ImageHref(image, Sort, Desc == true);

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

    public void Dispose() => _subscription?.Dispose();
}
