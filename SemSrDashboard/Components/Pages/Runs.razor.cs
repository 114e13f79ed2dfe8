using Microsoft.AspNetCore.Components;
using MudBlazor;
using SemSrDashboard.Components.Dialogs;
using SemSrDashboard.Components.Workers;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Statistics;
using SemSrDashboard.Model;
using SemSrDashboard.Services;

namespace SemSrDashboard.Components.Pages;

/// <summary>Every run with live progress; start, pause, resume, cancel and delete runs; a live ΔPSNR histogram of
/// the running run.</summary>
public partial class Runs : ComponentBase, IDisposable
{
    [Inject] public required EngineContext Engine { get; init; }
    [Inject] public required ProgressBroadcaster Progress { get; init; }
    [Inject] public required RunResultsCache Results { get; init; }
    [Inject] public required RunListCache RunList { get; init; }
    [Inject] public required WorkerBoard Workers { get; init; }
    [Inject] public required RunQueueService Queue { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }

    private List<RunListItem> _runs = [];
    private IDisposable? _subscription;
    /// <summary>The workers' pulse: runs other processes execute report only through the database.</summary>
    private IDisposable? _workersSubscription;
    private (int Id, string Model)? _liveRun;
    private DifferenceDistribution _liveHistogram = DifferenceDistribution.Empty;
    /// <summary>The live run's results in the shared cache, held while its histogram is shown.</summary>
    private RunResultsSubscription? _liveResults;
    /// <summary>The snapshot version the histogram was drawn from: it is redrawn only when the cache has newer results.</summary>
    private long _histogramVersion;

    private bool LiveRunning => _liveRun is { } live && _runs.Any(r => r.Id == live.Id && r.Status == RunStatus.Running);

    protected override void OnInitialized()
    {
        Load();
        // Prerendering renders once and is thrown away: only the interactive page follows progress (a subscription
        // made while prerendering would outlive its page and render into a disposed one).
        if (RendererInfo.IsInteractive)
        {
            _subscription = Progress.Subscribe(() => InvokeAsync(() => { Load(); StateHasChanged(); }), TimeSpan.FromSeconds(1));
            _workersSubscription = Workers.Subscribe(null, () => InvokeAsync(() => { Load(); StateHasChanged(); }));
        }
    }

    private void Load()
    {
        var (runs, counts) = RunList.Current();
        _runs = runs.Select(r => WithWorkers(RunListItem.From(r, counts.GetValueOrDefault(r.Id), Progress.Latest(r.Id)))).ToList();

        // The live histogram follows the running run (or the one that just finished, until another starts).
        var running = runs.FirstOrDefault(r => r.Status == RunStatus.Running && RunComparison.ComparedMethods(r).Count > 0);
        if (running is not null)
            Follow(running.Id, RunComparison.ComparedMethods(running)[0]);
        else if (_liveRun is { } last && runs.All(r => r.Id != last.Id))
            Follow(null);
        LoadHistogram();
    }

    private RunListItem WithWorkers(RunListItem item)
    {
        var workers = WorkersViewModel.Build(Workers.Of(item.Id), Workers.ReadAtUtc, RunExecutor.DefaultLeaseDuration);
        return item.WithWorkers(workers.Running, workers.TotalImagesPerSecond);
    }

    /// <summary>Shows the histogram of <paramref name="id"/> from now on (null: none).</summary>
    private void Follow(int? id, string? model = null)
    {
        (int Id, string Model)? live = id is int runId ? (runId, model!) : null;
        if (_liveRun == live && (_liveResults is not null || live is null))
            return;
        _liveRun = live;
        _liveResults?.Dispose();
        // The cache's refresh can land after the run's last progress tick (a short run ends within one tick), so the
        // interactive page redraws on the cache's own news too, not only on progress.
        _liveResults = live is { } followed
            ? Results.Subscribe(followed.Id, RendererInfo.IsInteractive ? _ => InvokeAsync(() => { LoadHistogram(); StateHasChanged(); }) : null)
            : null;
        _histogramVersion = 0;
        _liveHistogram = DifferenceDistribution.Empty;
    }

    /// <summary>Redraws the live histogram when the cache holds newer results of the followed run (at most about once a
    /// second while it runs, however many pages show it: the cache asks the store, not this page).</summary>
    private void LoadHistogram()
    {
        if (_liveRun is not { } live || _liveResults?.Current is not { } snapshot || snapshot.Version == _histogramVersion)
            return;
        _histogramVersion = snapshot.Version;
        var pairs = RunComparison.Pairs(snapshot.Results, live.Model, RunComparison.Psnr);
        _liveHistogram = ChartData.Distribution(pairs, HistogramMode.All);
        if (!RendererInfo.IsInteractive)
            _liveResults.Dispose(); // rendered once: the cache keeps the run a little for the interactive page
    }

    private async Task NewRunAsync()
    {
        var dialog = await Dialogs.ShowAsync<NewRunDialog>((string?)null, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: int id })
        {
            Snackbar.Add($"Run #{id} queued", Severity.Success);
            RunList.Invalidate();
            // Follow the run just started, also when it ends before a progress tick shows it running.
            if (Engine.Store.FindRun(id) is { } started && RunComparison.ComparedMethods(started) is [var model, ..])
                Follow(id, model);
            Load();
        }
    }

    private void Pause(int id) => Change(id, RunStatus.Paused);
    private void Resume(int id) => Change(id, RunStatus.Queued);
    private async Task CancelAsync(int id)
    {
        if (_runs.FirstOrDefault(r => r.Id == id) is not { } run)
            return;
        bool? confirmed = await Dialogs.ShowMessageBoxAsync($"Cancel run #{id}?", run.CancelQuestion, yesText: "Cancel run", cancelText: "Keep running");
        if (confirmed == true)
            Change(id, RunStatus.Cancelled);
    }

    private void Change(int id, string status)
    {
        Queue.RequestStatus(id, status);
        RunList.Invalidate();
        Load();
    }

    private async Task DeleteAsync(int id)
    {
        bool? confirmed = await Dialogs.ShowMessageBoxAsync($"Delete run #{id}?",
            "The run and all its results are removed from the database. This cannot be undone.", yesText: "Delete", cancelText: "Keep");
        if (confirmed != true)
            return;
        var run = Engine.Store.FindRun(id);
        if (run is not null && run.Status is RunStatus.Running or RunStatus.Queued)
        {
            Snackbar.Add($"Run #{id} is {run.Status}: cancel or pause it first", Severity.Warning);
            return;
        }
        if (Engine.Store.DeleteRun(id))
            Snackbar.Add($"Run #{id} deleted", Severity.Info);
        RunList.Invalidate();
        if (_liveRun?.Id == id)
            Follow(null);
        Load();
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _workersSubscription?.Dispose();
        _liveResults?.Dispose();
    }
}
