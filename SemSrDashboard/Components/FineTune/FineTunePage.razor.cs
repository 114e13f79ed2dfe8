using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Training;
using SemSrDashboard.Hosting;
using SemSrDashboard.Services;

namespace SemSrDashboard.Components.FineTune;

/// <summary>The live view of the dashboard's fine-tuning job: state, figures, time left, the loss curve and the
/// held-out PSNR, pause / resume / cancel, and when it is done the held-out comparison run.</summary>
public partial class FineTunePage : ComponentBase, IDisposable
{
    [Inject] public required FineTuneService FineTune { get; init; }
    [Inject] public required HeldOutComparison Comparison { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required IOptions<DashboardOptions> Options { get; init; }

    private FineTuneStatus _status = FineTuneStatus.Empty;
    private bool _comparing;
    private string? _compareError;

    private bool CanStartNew => _status.State is FineTuneState.None or FineTuneState.Completed;

    private string CheckpointEvery => Options.Value.FineTuneCheckpointMinutes <= 0
        ? "step"
        : $"{Options.Value.FineTuneCheckpointMinutes.ToString("0.##", CultureInfo.InvariantCulture)} min";

    private Color StateColor => _status.State switch
    {
        FineTuneState.Training => Color.Info,
        FineTuneState.Completed => Color.Success,
        FineTuneState.Failed => Color.Error,
        FineTuneState.Paused or FineTuneState.Pausing => Color.Warning,
        _ => Color.Default,
    };

    protected override void OnInitialized()
    {
        _status = FineTune.Status;
        FineTune.Changed += OnChanged;
    }

    private void OnChanged() => _ = InvokeAsync(() =>
    {
        _status = FineTune.Status;
        StateHasChanged();
    });

    private async Task OpenDialogAsync()
    {
        var dialog = await Dialogs.ShowAsync<FineTuneDialog>((string?)null,
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true, CloseOnEscapeKey = true });
        await dialog.Result;
        _compareError = null;
        _status = FineTune.Status;
    }

    private void Pause()
    {
        FineTune.Pause();
        _status = FineTune.Status;
    }

    private async Task ResumeAsync()
    {
        try
        {
            await Task.Run(FineTune.Resume);
        }
        catch (FineTuneRefusedException e)
        {
            Snackbar.Add($"Could not resume: {FineTuneForm.Readable(e.Message)}", Severity.Error);
        }
        _status = FineTune.Status;
    }

    private async Task CancelAsync()
    {
        bool? confirmed = await Dialogs.ShowMessageBoxAsync("Cancel the fine-tuning?",
            "Training stops and its checkpoint is removed; no model is written. This cannot be undone (Pause keeps the checkpoint).",
            yesText: "Cancel fine-tuning", cancelText: "Keep training");
        if (confirmed != true)
            return;
        await FineTune.CancelAsync();
        _status = FineTune.Status;
    }

    private void Dismiss()
    {
        FineTune.Dismiss();
        _status = FineTune.Status;
    }

    private async Task CompareAsync(ModelCard model)
    {
        _comparing = true;
        _compareError = null;
        try
        {
            int runId = await Task.Run(() => Comparison.Queue(model));
            Navigation.NavigateTo($"/runs/{runId}");
        }
        catch (Exception e) when (e is InvalidRunSettingsException or IOException or UnauthorizedAccessException)
        {
            _compareError = $"The comparison run could not be queued: {e.Message}";
        }
        finally
        {
            _comparing = false;
        }
    }

    public void Dispose() => FineTune.Changed -= OnChanged;
}
