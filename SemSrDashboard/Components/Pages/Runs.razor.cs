using Microsoft.AspNetCore.Components;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Model;
using SemSrDashboard.Services;

namespace SemSrDashboard.Components.Pages;

public partial class Runs : ComponentBase, IDisposable
{
    [Inject] public required EngineContext Engine { get; init; }
    [Inject] public required ProgressBroadcaster Progress { get; init; }
    [Inject] public required RunQueueService Queue { get; init; }

    private List<RunListItem> _runs = [];
    private IDisposable? _subscription;

    protected override void OnInitialized()
    {
        Load();
        _subscription = Progress.Subscribe(() => InvokeAsync(() => { Load(); StateHasChanged(); }));
    }

    private void Load()
    {
        var counts = Engine.Store.CountsByRun();
        _runs = Engine.Store.ListRuns()
            .Select(r => RunListItem.From(r, counts.GetValueOrDefault(r.Id), Progress.Latest(r.Id)))
            .ToList();
    }

    private void Pause(int id) => Change(id, RunStatus.Paused);
    private void Resume(int id) => Change(id, RunStatus.Queued);
    private void Cancel(int id) => Change(id, RunStatus.Cancelled);

    private void Change(int id, string status)
    {
        Queue.RequestStatus(id, status);
        Load();
    }

    public void Dispose() => _subscription?.Dispose();
}
