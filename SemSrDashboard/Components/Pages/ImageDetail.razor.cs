using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Inspection;
using SemSrDashboard.Engine.Statistics;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Model;

namespace SemSrDashboard.Components.Pages;

/// <summary>One image of a run: a slider comparing any two of original, low-resolution input, bicubic and each model,
/// with synchronised, pixel-exact zoom and pan (wwwroot-assets/js/image-compare.js), difference, SSIM and
/// invented-detail maps, the
/// image's metrics per method and its removed info bar; previous/next walk the category in the category page's order.
/// Left, right, map, compared model and order live in the query string.</summary>
public partial class ImageDetail : ComponentBase, IAsyncDisposable
{
    private const string Baseline = MethodIds.Baseline;
    private const string NoMap = "none";

    [Inject] public required EngineContext Engine { get; init; }
    [Inject] public required ImageInspector Inspector { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required IJSRuntime JS { get; init; }
    [Inject] public required ILogger<ImageDetail> Logger { get; init; }

    [Parameter] public int Id { get; set; }
    [Parameter] public int ImageId { get; set; }
    [SupplyParameterFromQuery(Name = "left")] public string? LeftQuery { get; set; }
    [SupplyParameterFromQuery(Name = "right")] public string? RightQuery { get; set; }
    [SupplyParameterFromQuery(Name = "map")] public string? MapQuery { get; set; }
    [SupplyParameterFromQuery(Name = "model")] public string? ModelQuery { get; set; }
    [SupplyParameterFromQuery(Name = "sort")] public string? Sort { get; set; }
    [SupplyParameterFromQuery(Name = "desc")] public bool? Desc { get; set; }

    private RunRecord? _run;
    private ImageRecord? _image;
    private IReadOnlyList<(ImageRecord Image, ResultRecord Result)> _runResults = [];
    private Dictionary<string, ResultRecord> _results = [];
    private IReadOnlyList<string> _methods = [];
    private List<(string Value, string Label)> _views = [];
    private IReadOnlyList<CategoryImage> _order = [];
    private int _index;
    private string? _previous;
    private string? _next;
    private string _left = Baseline;
    private string _right = Baseline;
    private string _map = NoMap;
    private string? _model;
    private bool _supported;
    private bool _sourceExists;
    private string _sourcePath = "";
    private List<string> _renderedOnDemand = [];

    /// <summary>The image was never evaluated (not decoded, or too small): the page tells why and nothing else.</summary>
    private bool Undecoded => _image is { Width: 0 };

    /// <summary>The first stored failure reason of this image.</summary>
    private string? FailureReason => _results.Values.FirstOrDefault(r => r.Status != SemSrDashboard.Engine.Domain.ResultStatus.Ok)?.Error;
    private int _loadedRun = -1;

    private ElementReference _viewport;
    private IJSObjectReference? _module;
    private DotNetObjectReference<ImageDetail>? _self;
    private bool _initialised;
    private (int, int)? _size;
    private string? _viewerProblem;

    private string CategoryHref => _image is null ? $"/runs/{Id}" : Navigation.GetUriWithQueryParameters(
        $"/runs/{Id}/categories/{Uri.EscapeDataString(_image.Category)}",
        new Dictionary<string, object?> { ["model"] = _model, ["sort"] = Sort, ["desc"] = Desc == true ? "true" : null });

    protected override void OnParametersSet()
    {
        if (_loadedRun != Id)
        {
            _loadedRun = Id;
            _run = Engine.Store.FindRun(Id);
            _runResults = _run is null ? [] : Engine.Store.Results(Id);
        }
        _image = null;
        if (_run is null || Inspector.Find(Id, ImageId) is not var (_, image))
            return;
        _image = image;
        _results = _runResults.Where(r => r.Image.Id == ImageId).ToDictionary(r => r.Result.Method, r => r.Result, StringComparer.Ordinal);
        _methods = ImageInspector.Methods(_run);
        var compared = RunComparison.ComparedMethods(_run, Baseline);
        _model = ModelQuery is not null && compared.Contains(ModelQuery) ? ModelQuery : compared.FirstOrDefault();
        _supported = ImageInspector.IsSupported(_run);
        _sourcePath = ImageInspector.SourcePath(_run, image);
        _sourceExists = ImageInspector.SourceExists(_run, image);

        // Views: everything when the source is there; otherwise only the stored model outputs.
        _views = _sourceExists
            ? [(ImageVariant.Original, "Original"), (ImageVariant.LowResolution, $"LR ×1/{_run.Scale} (nearest)"), .. _methods.Select(m => (m, m))]
            : _methods.Where(m => Inspector.IsStored(_run, image, m)).Select(m => (m, m)).ToList();
        var values = _views.Select(v => v.Value).ToList();
        string defaultRight = _model ?? ImageVariant.Original;
        _left = Pick(LeftQuery, values, Baseline, values.FirstOrDefault() ?? Baseline);
        _right = Pick(RightQuery, values, defaultRight, values.Skip(1).FirstOrDefault() ?? _left);
        _map = MapQuery is { } wantedMap && ImageVariant.IsMap(wantedMap) ? wantedMap : NoMap;
        _renderedOnDemand = new[] { _left, _right }.Distinct()
            .Where(v => values.Contains(v) && !MethodIds.IsInterpolation(v) && v is not (ImageVariant.Original or ImageVariant.LowResolution)
                && !Inspector.IsStored(_run, image, v))
            .ToList();

        _order = CategoryImageOrder.Sort(ImageRanking.Images(_runResults, image.Category, _model, Baseline), Sort, Desc == true);
        _index = Math.Max(0, _order.ToList().FindIndex(i => i.Image.Id == ImageId));
        _previous = _index > 0 ? Neighbour(_order[_index - 1]) : null;
        _next = _index + 1 < _order.Count ? Neighbour(_order[_index + 1]) : null;
    }

    private static string Pick(string? wanted, List<string> values, string preferred, string fallback) =>
        wanted is not null && values.Contains(wanted) ? wanted : values.Contains(preferred) ? preferred : fallback;

    /// <summary>The same view of another image.</summary>
    private string Neighbour(CategoryImage image) =>
        Navigation.GetUriWithQueryParameters($"/runs/{Id}/images/{image.Image.Id}", CurrentQuery());

    private Dictionary<string, object?> CurrentQuery() => new()
    {
        ["left"] = _left,
        ["right"] = _right,
        ["map"] = _map == NoMap ? null : _map,
        ["model"] = _model,
        ["sort"] = Sort,
        ["desc"] = Desc == true ? "true" : null,
    };

    private string Src(string view) => view switch
    {
        ImageVariant.Original => $"/runs/{Id}/images/{ImageId}/original.png",
        ImageVariant.LowResolution => $"/runs/{Id}/images/{ImageId}/lr.png",
        _ when _map != NoMap && _sourceExists => $"/runs/{Id}/images/{ImageId}/{_map}/{Uri.EscapeDataString(view)}.png",
        _ => $"/runs/{Id}/images/{ImageId}/output/{Uri.EscapeDataString(view)}.png",
    };

    private string Label(string view) => _views.FirstOrDefault(v => v.Value == view).Label ?? view;

    private string MapSuffix(string view) =>
        _map == NoMap || !_sourceExists || view is ImageVariant.Original or ImageVariant.LowResolution ? ""
        : _map switch
        {
            ImageVariant.Difference => " · difference",
            ImageVariant.InventedDetail => " · invented detail",
            _ => " · SSIM map",
        };

    /// <summary>The fidelity metrics this image's run computed (none for runs stored before they existed).</summary>
    private IReadOnlyList<SemSrDashboard.Engine.Metrics.MetricDescriptor> FidelityMetrics => _run is null
        ? []
        : SemSrDashboard.Engine.Metrics.MetricRegistry.Of(RunComparison.MetricsOf(_run)
            .Where(SemSrDashboard.Engine.Metrics.MetricRegistry.FidelityIds.Contains));

    private double? Delta(string method, string metric) =>
        _results.GetValueOrDefault(method) is { } m && _results.GetValueOrDefault(Baseline) is { } b
        && RunComparison.Value(m, metric) is double mv && RunComparison.Value(b, metric) is double bv ? mv - bv : null;

    private string OutputSource(string method) =>
        MethodIds.IsInterpolation(method) ? "recomputed"
        : _run is not null && _image is not null && Inspector.IsStored(_run, _image, method) ? "stored (as measured)"
        : "rendered on demand";

    private void Navigate(string? left = null, string? right = null, string? map = null)
    {
        var query = CurrentQuery();
        if (left is not null) query["left"] = left;
        if (right is not null) query["right"] = right;
        if (map is not null) query["map"] = map == NoMap ? null : map;
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(query), replace: true);
    }

    [JSInvokable]
    public void Step(int delta)
    {
        string? target = delta < 0 ? _previous : _next;
        if (target is not null)
            Navigation.NavigateTo(target);
    }

    [JSInvokable]
    public void ToggleMap(string map) => Navigate(map: _map == map ? NoMap : map);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_image is null || !_supported || _image.Width == 0 || _viewerProblem is not null)
            return;
        await GuardAsync("start the zoom and slider", async () =>
        {
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "/js/image-compare.js");
            var size = (_image.Width, _image.Height);
            if (!_initialised)
            {
                _self ??= DotNetObjectReference.Create(this);
                await _module.InvokeVoidAsync("init", _viewport, _self, _image.Width, _image.Height);
                _initialised = true;
            }
            else if (_size != size)
            {
                await _module.InvokeVoidAsync("setSize", _viewport, _image.Width, _image.Height);
            }
            _size = size;
        });
    }

    private Task ZoomInAsync() => CallAsync("zoomBy", 2.0);
    private Task ZoomOutAsync() => CallAsync("zoomBy", 0.5);
    private Task FitAsync() => CallAsync("fit");
    private Task ActualSizeAsync() => CallAsync("actualSize");

    private Task CallAsync(string function, params object[] args) =>
        _module is null ? Task.CompletedTask
        : GuardAsync("zoom", async () => await _module.InvokeVoidAsync(function, [_viewport, .. args]));

    private Task DownloadFigureAsync() => _module is null ? Task.CompletedTask : GuardAsync("export the figure", async () =>
    {
        var region = await _module.InvokeAsync<Region?>("visibleRegion", _viewport);
        var query = new Dictionary<string, object?>
        {
            ["left"] = _left,
            ["right"] = _right,
            ["map"] = _map == NoMap ? null : _map,
            ["x"] = region?.X,
            ["y"] = region?.Y,
            ["w"] = region?.W,
            ["h"] = region?.H,
        };
        await _module.InvokeVoidAsync("download", Navigation.GetUriWithQueryParameters($"/runs/{Id}/images/{ImageId}/figure.png", query));
    });

    /// <summary>Runs a call into the page's script so that a script that did not load, threw, or timed out on a busy
    /// browser shows a reason and Retry above the viewer and is logged, instead of ending the circuit (an unhandled
    /// exception in an event handler or after-render step takes the whole page down).</summary>
    private async Task GuardAsync(string what, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (JSDisconnectedException)
        {
            // the browser has gone
        }
        catch (ObjectDisposedException)
        {
            // the page is being disposed
        }
        catch (Exception e) when (e is JSException or TaskCanceledException or InvalidOperationException)
        {
            Logger.LogWarning(e, "Image page of run {Run}, image {Image}: could not {What}", Id, ImageId, what);
            _viewerProblem = e is TaskCanceledException
                ? $"Could not {what}: the browser did not answer in time."
                : $"Could not {what}: the browser reported an error ({FirstLine(e.Message)}).";
            StateHasChanged();
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    /// <summary>Loads the page's script again and restarts the viewer.</summary>
    private async Task RetryViewerAsync()
    {
        var stale = _module;
        _module = null;
        _initialised = false;
        _size = null;
        _viewerProblem = null;
        if (stale is not null)
            await GuardAsync("release the previous viewer", async () => await stale.DisposeAsync());
        StateHasChanged();
    }

    private sealed record Region(int X, int Y, int W, int H);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_module is not null)
            {
                if (_initialised)
                    await _module.InvokeVoidAsync("dispose", _viewport);
                await _module.DisposeAsync();
            }
        }
        catch (Exception e) when (e is JSDisconnectedException or TaskCanceledException or ObjectDisposedException)
        {
            // the circuit is gone
        }
        _self?.Dispose();
        GC.SuppressFinalize(this);
    }
}
