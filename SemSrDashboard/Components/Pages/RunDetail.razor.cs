using Microsoft.AspNetCore.Components;
using SemSrDashboard.Engine;
using MudBlazor;
using SemSrDashboard.Components.Dialogs;
using SemSrDashboard.Components.Workers;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Model;
using SemSrDashboard.Services;

namespace SemSrDashboard.Components.Pages;

/// <summary>One run's results: headline numbers, the per-category table, histograms and the PSNR scatter. The
/// compared model, metric, histogram mode and category live in the query string, so a link shows the same view. The
/// numbers come from <see cref="RunDetailViewModel"/> over the shared <see cref="RunResultsCache"/>, which tells the
/// page when the run has new results.</summary>
public partial class RunDetail : ComponentBase, IDisposable
{
    private const string Baseline = RunDetailViewModel.Baseline;

    [Inject] public required RunResultsCache Results { get; init; }
    [Inject] public required EngineContext Engine { get; init; }
    [Inject] public required ProgressBroadcaster Progress { get; init; }
    [Inject] public required WorkerBoard Workers { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }

    [Parameter] public int Id { get; set; }
    [SupplyParameterFromQuery(Name = "model")] public string? Model { get; set; }
    [SupplyParameterFromQuery(Name = "metric")] public string? Metric { get; set; }
    [SupplyParameterFromQuery(Name = "histogram")] public string? Histogram { get; set; }
    [SupplyParameterFromQuery(Name = "category")] public string? Category { get; set; }
    [SupplyParameterFromQuery(Name = "alpha")] public double? Alpha { get; set; }

    private RunResultsSubscription? _subscription;
    private int _subscribedId = -1;
    private RunDetailViewModel? _view;

    protected override void OnParametersSet()
    {
        if (_subscribedId != Id)
        {
            _subscription?.Dispose();
            _subscribedId = Id;
            // Only the interactive page follows new results: the prerendered one is thrown away (see Runs).
            _subscription = Results.Subscribe(Id, RendererInfo.IsInteractive ? OnNewResultsAsync : null);
        }
        Compute();
        if (!RendererInfo.IsInteractive)
            _subscription?.Dispose(); // rendered once: the cache keeps the run a little for the interactive page
    }

    private void Compute() => _view = _subscription is { } subscription
        ? RunDetailViewModel.Build(subscription.Current, Progress.Latest(Id), new RunDetailQuery(Model, Metric, Histogram, Category, Alpha))
        : null;

    /// <summary>A run other processes execute: its rate and ETA across its workers (see <see cref="RunWorkersPanel"/>).</summary>
    private RunListItem WithWorkers(RunListItem item)
    {
        var workers = WorkersViewModel.Build(Workers.Of(Id), Workers.ReadAtUtc, RunExecutor.DefaultLeaseDuration);
        return item.WithWorkers(workers.Running, workers.TotalImagesPerSecond);
    }

    private Task OnNewResultsAsync(RunResultsSnapshot snapshot) => InvokeAsync(() =>
    {
        Compute();
        StateHasChanged();
    });

    /// <summary>After pause, resume or cancel from this page: the cache refreshes the run at its next turn.</summary>
    private Task ReloadAsync()
    {
        Results.RequestRefresh(Id);
        return Task.CompletedTask;
    }

    /// <summary>The same page with a changed view; other query parameters (alpha) stay as they are.</summary>
    private void Navigate(string? model = null, string? metric = null, HistogramMode? histogram = null, string? category = null) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(
            _view!.QueryWith(model, metric, histogram, category).ToDictionary(q => q.Name, q => (object?)q.Value)), replace: true);

    private async Task ShowProvenanceAsync()
    {
        if (_view is null)
            return;
        var parameters = new DialogParameters<ProvenanceDialog> { { d => d.Run, _view.Run } };
        await Dialogs.ShowAsync<ProvenanceDialog>(null, parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true, CloseOnEscapeKey = true });
    }

    private async Task ShowImageAsync(string relativePath)
    {
        var rows = _view?.ResultsOf(relativePath) ?? [];
        if (rows.Count == 0)
            return;
        var parameters = new DialogParameters<ImageMetricsDialog>
        {
            { d => d.Image, rows[0].Image },
            { d => d.Results, rows.Select(r => r.Result).ToList() },
            { d => d.Model, _view!.Model },
        };
        await Dialogs.ShowAsync<ImageMetricsDialog>(null, parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true, CloseOnEscapeKey = true });
    }

    public void Dispose() => _subscription?.Dispose();

    /// <summary>A method as model lists name it: a fine-tuned model with its base ("rdn-slim-x4 → lab-slim").</summary>
    private string Label(string id) => ModelLineageLabel.For(Engine.Methods, id);
}
