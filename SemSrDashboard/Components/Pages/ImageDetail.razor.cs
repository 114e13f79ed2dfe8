using Microsoft.AspNetCore.Components;
using SemSrDashboard.Engine;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;
using SemSrDashboard.Engine.Inspection;
using SemSrDashboard.Model;
using SemSrDashboard.Services;

namespace SemSrDashboard.Components.Pages;

/// <summary>One image of a run: a slider comparing any two of original, low-resolution input, bicubic and each model,
/// with synchronised, pixel-exact zoom and pan (wwwroot-assets/js/image-compare.js), difference, SSIM and
/// invented-detail maps, the
/// image's metrics per method and its removed info bar; previous/next walk the category in the category page's order.
/// Left, right, map, compared model and order live in the query string.</summary>
public partial class ImageDetail : ComponentBase, IAsyncDisposable
{
    private const string Baseline = ImageDetailViewModel.Baseline;

    [Inject] public required RunResultsCache Results { get; init; }
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

    private RunResultsSubscription? _subscription;
    private int _subscribedId = -1;
    /// <summary>Null when the run has no such image (or there is no run: then <see cref="_subscription"/> is null too).</summary>
    private ImageDetailViewModel? _view;

    private ElementReference _viewport;
    private IJSObjectReference? _module;
    private DotNetObjectReference<ImageDetail>? _self;
    private bool _initialised;
    private (int, int)? _size;
    private string? _viewerProblem;

    protected override void OnParametersSet()
    {
        if (_subscribedId != Id)
        {
            _subscription?.Dispose();
            _subscribedId = Id;
            _subscription = Results.Subscribe(Id);
        }
        _view = _subscription is { } subscription
            ? ImageDetailViewModel.Build(subscription.Current, ImageId, new ImageDetailQuery(LeftQuery, RightQuery, MapQuery, ModelQuery, Sort, Desc),
                ImageInspector.SourceExists, Inspector.IsStored, id => ModelLineageLabel.For(Engine.Methods, id))
            : null;
        if (!RendererInfo.IsInteractive)
            _subscription?.Dispose(); // rendered once: the cache keeps the run a little for the interactive page
    }

    private void Navigate(string? left = null, string? right = null, string? map = null) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(
            _view!.QueryWith(left, right, map).ToDictionary(q => q.Name, q => (object?)q.Value)), replace: true);

    [JSInvokable]
    public void Step(int delta)
    {
        string? target = delta < 0 ? _view?.Previous : _view?.Next;
        if (target is not null)
            Navigation.NavigateTo(target);
    }

    [JSInvokable]
    public void ToggleMap(string map) => Navigate(map: _view?.Map == map ? ImageDetailViewModel.NoMap : map);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_view is not { Supported: true, Undecoded: false } view || _viewerProblem is not null)
            return;
        await GuardAsync("start the zoom and slider", async () =>
        {
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "/js/image-compare.js");
            var size = (view.Image.Width, view.Image.Height);
            if (!_initialised)
            {
                _self ??= DotNetObjectReference.Create(this);
                await _module.InvokeVoidAsync("init", _viewport, _self, view.Image.Width, view.Image.Height);
                _initialised = true;
            }
            else if (_size != size)
            {
                await _module.InvokeVoidAsync("setSize", _viewport, view.Image.Width, view.Image.Height);
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

    private Task DownloadFigureAsync() => _module is null || _view is null ? Task.CompletedTask : GuardAsync("export the figure", async () =>
    {
        var region = await _module.InvokeAsync<Region?>("visibleRegion", _viewport);
        string? Number(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await _module.InvokeVoidAsync("download", DashboardUrls.Figure(Id, ImageId, ("left", _view.Left), ("right", _view.Right),
            ("map", _view.Map == ImageDetailViewModel.NoMap ? null : _view.Map),
            ("x", Number(region?.X)), ("y", Number(region?.Y)), ("w", Number(region?.W)), ("h", Number(region?.H))));
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
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
