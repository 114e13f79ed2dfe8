using Microsoft.AspNetCore.Components;
using MudBlazor;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Training;
using SemSrDashboard.Model;
using SemSrDashboard.Services;

namespace SemSrDashboard.Components.FineTune;

/// <summary>Settings of a fine-tuning job; closes once the job has started. The fields are checked as they change
/// (<see cref="FineTuneForm"/>), and the whole request once more by the planner when it starts.</summary>
public partial class FineTuneDialog : ComponentBase
{
    [Inject] public required FineTuneService FineTune { get; init; }
    [Inject] public required FineTuneEstimator Estimator { get; init; }
    [Inject] public required DataRoots Roots { get; init; }
    [Inject] public required EngineContext Engine { get; init; }
    [CascadingParameter] public IMudDialogInstance? Dialog { get; set; }

    /// <summary>The fields (a parameter so that a caller, or a test, can prefill them).</summary>
    [Parameter] public FineTuneForm Form { get; set; } = new();

    private IReadOnlyList<RegisteredModel> BaseModels = [];
    private IReadOnlyList<string> Errors = [];
    private string? NewIdError;
    private string? _error;
    private FineTuneEstimate? _estimate;
    private bool _estimating;
    private bool _starting;
    private bool _busy => _estimating || _starting;

    protected override void OnInitialized()
    {
        BaseModels = FineTuneForm.BaseModels(FineTune.Registry);
        Form.BaseId ??= BaseModels.FirstOrDefault(m => m.Id == BundledModels.DefaultId)?.Id ?? BaseModels.FirstOrDefault()?.Id;
        Check();
    }

    private string Label(string id) => ModelLineageLabel.For(Engine.Methods, id);

    private void FolderChosen(string? folder)
    {
        Form.DataRoot = folder;
        Changed();
    }

    private void Changed()
    {
        _estimate = null;
        _error = null;
        Check();
    }

    private void Check()
    {
        NewIdError = string.IsNullOrWhiteSpace(Form.NewId) ? null : Form.NewIdError(FineTune.Registry, FineTune.Folder);
        Errors = Form.Errors(FineTune.Registry, FineTune.Folder, Roots.Contains);
    }

    private async Task EstimateAsync()
    {
        _error = null;
        _estimating = true;
        var settings = Form.ToSettings();
        try
        {
            // Off the circuit's thread: reading the images and timing the steps takes seconds.
            _estimate = await Task.Run(() => Estimator.Estimate(settings));
        }
        catch (FineTuneRefusedException e)
        {
            _error = FineTuneForm.Readable(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _error = $"Could not time a step: {e.Message}";
        }
        finally
        {
            _estimating = false;
        }
    }

    private async Task StartAsync()
    {
        _error = null;
        _starting = true;
        var settings = Form.ToSettings();
        try
        {
            await Task.Run(() => FineTune.Start(settings));
            Dialog?.Close(DialogResult.Ok(settings.NewId));
        }
        catch (FineTuneRefusedException e)
        {
            _error = $"Fine-tuning refused: {FineTuneForm.Readable(e.Message)}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _error = $"Fine-tuning could not start: {e.Message}";
        }
        finally
        {
            _starting = false;
        }
    }

    private void Cancel() => Dialog?.Cancel();
}
