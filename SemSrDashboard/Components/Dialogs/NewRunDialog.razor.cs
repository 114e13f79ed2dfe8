using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Model;
using SemSrDashboard.Services;

namespace SemSrDashboard.Components.Dialogs;

/// <summary>Settings of a new run; closes with the queued run's id. Settings are checked by the Engine's
/// validator and its message is shown when a run is refused.</summary>
public partial class NewRunDialog : ComponentBase
{
    private const string Baseline = MethodIds.Baseline;

    [Inject] public required EngineContext Engine { get; init; }
    [Inject] public required RunQueueService Queue { get; init; }
    [Inject] public required DataRoots Roots { get; init; }
    [CascadingParameter] public IMudDialogInstance? Dialog { get; set; }

    private string? _folder;
    private readonly HashSet<string> _methods = new(StringComparer.Ordinal);
    // Every fidelity metric by default, as on the command line; unticking some makes a faster screening run.
    private readonly HashSet<string> _metrics = new(MetricRegistry.FidelityIds, StringComparer.Ordinal);
    private int _scale = 4;
    private string _protocol = RunSettings.StandardProtocol;
    private string _infoBar = InfoBarSetting.Auto.ToString();
    private int? _limit;
    private int _tile = RunSettings.DefaultTile;
    private int _tilePad = RunSettings.DefaultTilePad;
    private string _device = Devices.Auto;
    private string? _error;
    private RunEstimate? _estimate;
    private bool _estimating;
    private bool _starting;

    private string EstimateDetails => _estimate is null ? "" : string.Create(CultureInfo.InvariantCulture,
        $"Timed on {_estimate.SampleImage}: {_estimate.PerImage.TotalSeconds:0.00} s per image for all chosen methods on one worker; projected over {_estimate.Projection.Megapixels:0.0} megapixels with {_estimate.Workers} workers.{(_estimate.SampleFailed ? " The sample image failed, so this is a lower bound." : "")}");

    /// <summary>A new run compares the default model with bicubic unless the user chooses otherwise.</summary>
    protected override void OnInitialized()
    {
        if (Engine.Methods.IsKnown(BundledModels.DefaultId))
            _methods.Add(BundledModels.DefaultId);
    }

    /// <summary>Only the baseline is chosen: the run would have nothing to compare.</summary>
    private bool NothingToCompare => _methods.Count == 0;

    private void ToggleMethod(string id, bool on)
    {
        if (on)
            _methods.Add(id);
        else
            _methods.Remove(id);
        ClearEstimate();
    }

    private void ToggleMetric(string id, bool on)
    {
        if (on)
            _metrics.Add(id);
        else
            _metrics.Remove(id);
        ClearEstimate();
    }

    private void ClearEstimate() => _estimate = null;

    private RunSettings Settings() => new(
        _folder ?? "",
        [Baseline, .. Engine.Methods.Ids.Where(_methods.Contains)],
        _scale,
        _protocol,
        string.IsNullOrWhiteSpace(_infoBar) ? InfoBarSetting.Auto.ToString() : _infoBar.Trim(),
        _limit,
        _tile,
        _tilePad,
        _device,
        Metrics: [.. MetricRegistry.CoreIds, .. MetricRegistry.FidelityIds.Where(_metrics.Contains)]);

    /// <summary>Refuses a folder outside the data roots before the Engine sees it.</summary>
    private bool CheckFolder()
    {
        if (_folder is null || !Roots.Contains(_folder))
        {
            _error = "Choose a data folder inside one of the configured data roots.";
            return false;
        }
        if (!Directory.Exists(_folder))
        {
            _error = $"The data folder {_folder} no longer exists.";
            return false;
        }
        return true;
    }

    private async Task EstimateAsync()
    {
        _error = null;
        if (!CheckFolder())
            return;
        _estimating = true;
        var settings = Settings();
        try
        {
            // Off the circuit's thread: the measurement is synchronous work until it returns.
            _estimate = await Task.Run(() => RunEstimator.EstimateAsync(settings, Engine.Methods));
        }
        catch (InvalidRunSettingsException e)
        {
            _error = e.Message;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            _error = $"Could not time the methods: {e.Message}";
        }
        finally
        {
            _estimating = false;
        }
    }

    private async Task StartAsync()
    {
        _error = null;
        if (!CheckFolder())
            return;
        _starting = true;
        var settings = Settings();
        try
        {
            var run = await Task.Run(() => Queue.Enqueue(settings));
            Dialog?.Close(DialogResult.Ok(run.Id));
        }
        catch (InvalidRunSettingsException e)
        {
            _error = $"Run refused: {e.Message}";
        }
        finally
        {
            _starting = false;
        }
    }

    private void Cancel() => Dialog?.Cancel();
}
