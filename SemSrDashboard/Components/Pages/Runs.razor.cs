using Microsoft.AspNetCore.Components;
using MudBlazor;
using SemSrDashboard.Components.Dialogs;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Statistics;
using SemSrDashboard.Model;
using SemSrDashboard.Services;

namespace SemSrDashboard.Components.Pages;

/// <summary>Every run with live progress; start, pause, resume, cancel and delete runs; a live ΔPSNR histogram of
/// the running run.</summary>
public partial class Runs : ComponentBase, IDisposable
{
    private static readonly TimeSpan HistogramInterval = TimeSpan.FromSeconds(1);

    [Inject] public required EngineContext Engine { get; init; }
    [Inject] public required ProgressBroadcaster Progress { get; init; }
    [Inject] public required RunQueueService Queue { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }

    private List<RunListItem> _runs = [];
    private IDisposable? _subscription;
    private (int Id, string Model)? _liveRun;
    private DifferenceDistribution _liveHistogram = DifferenceDistribution.Empty;
    private DateTime _histogramLoaded = DateTime.MinValue;
    private bool _finalLoaded;

    private bool LiveRunning => _liveRun is { } live && _runs.Any(r => r.Id == live.Id && r.Status == RunStatus.Running);

    protected override void OnInitialized()
    {
        Load();
        // Prerendering renders once and is thrown away: only the interactive page follows progress (a subscription
        // made while prerendering would outlive its page and render into a disposed one).
        if (RendererInfo.IsInteractive)
            _subscription = Progress.Subscribe(() => InvokeAsync(() => { Load(); StateHasChanged(); }), TimeSpan.FromSeconds(1));
    }

    private void Load()
    {
        var counts = Engine.Store.CountsByRun();
        var runs = Engine.Store.ListRuns();
        _runs = runs.Select(r => RunListItem.From(r, counts.GetValueOrDefault(r.Id), Progress.Latest(r.Id))).ToList();

        // The live histogram follows the running run (or the one that just finished, until another starts).
        var running = runs.FirstOrDefault(r => r.Status == RunStatus.Running && RunComparison.ComparedMethods(r).Count > 0);
        if (running is not null)
        {
            var live = (running.Id, RunComparison.ComparedMethods(running)[0]);
            bool changed = _liveRun != live;
            _liveRun = live;
            _finalLoaded = false;
            if (changed || DateTime.UtcNow - _histogramLoaded >= HistogramInterval)
                LoadHistogram();
        }
        else if (_liveRun is { } last)
        {
            var lastRun = runs.FirstOrDefault(r => r.Id == last.Id);
            if (lastRun is null)
                _liveRun = null; // deleted
            else if (!_finalLoaded)
            {
                // A queued run is followed until it ends; an ended run's final results stay on screen.
                _finalLoaded = lastRun.Status is not (RunStatus.Queued or RunStatus.Running);
                LoadHistogram();
            }
        }
    }

    private void LoadHistogram()
    {
        if (_liveRun is not { } live)
            return;
        _histogramLoaded = DateTime.UtcNow;
        var pairs = RunComparison.Pairs(Engine.Store.Results(live.Id), live.Model, RunComparison.Psnr);
        _liveHistogram = ChartData.Distribution(pairs, HistogramMode.All);
    }

    private async Task NewRunAsync()
    {
        var dialog = await Dialogs.ShowAsync<NewRunDialog>((string?)null, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: int id })
        {
            Snackbar.Add($"Run #{id} queued", Severity.Success);
            // Follow the run just started, also when it ends before a progress tick shows it running.
            if (Engine.Store.FindRun(id) is { } started && RunComparison.ComparedMethods(started) is [var model, ..])
            {
                _liveRun = (id, model);
                _finalLoaded = false;
            }
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
        if (_liveRun?.Id == id)
            _liveRun = null;
        Load();
    }

    public void Dispose() => _subscription?.Dispose();
}
