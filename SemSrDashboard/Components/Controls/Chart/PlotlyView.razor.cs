using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Plotly.Blazor;
using Plotly.Blazor.Interop;
using Plotly.Blazor.LayoutLib;
using SemSrDashboard.Model;

namespace SemSrDashboard.Components.Controls.Chart;

/// <summary>A thin wrapper over Plotly.Blazor: themed layout, Plotly's PNG download button, redraw when the traces
/// change, and point clicks as (trace, point) indexes. A chart that cannot be drawn shows a Retry button in its place
/// (<see cref="ChartErrorBoundary"/>); a failed redraw is logged and leaves the chart as it was.</summary>
public partial class PlotlyView : ComponentBase
{
    [Parameter, EditorRequired] public required string Id { get; set; }
    [Parameter, EditorRequired] public required IList<ITrace> Traces { get; set; }
    [Parameter] public string? XTitle { get; set; }
    [Parameter] public string? YTitle { get; set; }
    [Parameter] public bool Overlay { get; set; }
    [Parameter] public int Height { get; set; } = 300;
    /// <summary>File name of the PNG that the chart's camera button saves.</summary>
    [Parameter] public string FileName { get; set; } = "chart";
    [Parameter] public EventCallback<(int Trace, int Point)> OnPointClick { get; set; }
    /// <summary>A fixed x range (otherwise Plotly fits the data).</summary>
    [Parameter] public (double Min, double Max)? XRange { get; set; }
    /// <summary>Labels at numeric y positions (a strip plot's rows), with the y range fitted around them.</summary>
    [Parameter] public IReadOnlyList<string>? YLabels { get; set; }
    [CascadingParameter(Name = "DarkMode")] public bool Dark { get; set; }
    [Inject] public required ILogger<PlotlyView> Logger { get; init; }

    private GuardedPlotlyChart? _chart;
    private IList<ITrace> _data = [];
    private Plotly.Blazor.Layout _layout = new();
    private Config _config = new();
    private IList<ITrace>? _drawn;
    private bool? _drawnDark;
    private PlotlyChart? _subscribed;

    private bool _needsReact;

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(_drawn, Traces) && _drawnDark == Dark)
            return;
        _drawn = Traces;
        _drawnDark = Dark;
        _data = Traces;
        _layout = BuildLayout();
        _config = new Config
        {
            Responsive = true,
            DisplayLogo = false,
            ToImageButtonOptions = new { format = "png", filename = FileName, scale = 2 },
        };
        _needsReact = _chart is not null;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!_needsReact || _chart is null)
            return;
        _needsReact = false;
        try
        {
            await _chart.React();
        }
        catch (Exception e) when (ChartFailure.IsInterop(e))
        {
            // Not drawn yet (its first draw shows the data), or the browser is busy or gone: the next change redraws.
            Logger.LogInformation("Chart {ChartId} not redrawn: {Reason}", Id, ChartFailure.Describe(e));
        }
    }

    /// <summary>The chart's layout: theme colours, the colour-blind-safe trace palette, axis titles and ranges.</summary>
    internal Plotly.Blazor.Layout BuildLayout()
    {
        string text = Dark ? "#e6e6e6" : "#333333";
        string grid = Dark ? "rgba(255,255,255,0.12)" : "rgba(0,0,0,0.1)";
        var layout = new Plotly.Blazor.Layout
        {
            Height = Height,
            AutoSize = true,
            Margin = new Margin { L = 56, R = 16, T = 16, B = 48 },
            PaperBgColor = "rgba(0,0,0,0)",
            PlotBgColor = "rgba(0,0,0,0)",
            Font = new Font { Color = text, Size = 12 },
            BarMode = Overlay ? BarModeEnum.Overlay : BarModeEnum.Group,
            ShowLegend = Traces.Count > 1,
            Colorway = ChartPalette.Colours.Cast<object>().ToList(),
            XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = XTitle }, GridColor = grid, ZeroLineColor = text }],
            YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = YTitle }, GridColor = grid, ZeroLineColor = grid }],
        };
        if (XRange is var (min, max))
            layout.XAxis[0].Range = [min, max];
        if (YLabels is { Count: > 0 } labels)
        {
            var y = layout.YAxis[0];
            y.TickVals = Enumerable.Range(0, labels.Count).Cast<object>().ToList();
            y.TickText = labels.Cast<object>().ToList();
            y.Range = [-0.5, labels.Count - 0.5];
            y.ZeroLine = false;
            layout.Margin.L = Math.Min(200, 16 + 7 * labels.Max(l => l.Length)); // room for the row labels
        }
        return layout;
    }

    private async void OnChartRendered()
    {
        // async void: Plotly.Blazor's after-render callback is an Action; every failure is handled here. After a
        // Retry the chart is a new component that needs its own subscription.
        var chart = _chart;
        if (chart is null || ReferenceEquals(_subscribed, chart) || !OnPointClick.HasDelegate)
            return;
        _subscribed = chart;
        try
        {
            await chart.SubscribeClickEvent();
        }
        catch (Exception e) when (ChartFailure.IsInterop(e))
        {
            _subscribed = null;
            Logger.LogInformation("Chart {ChartId}: point clicks not subscribed: {Reason}", Id, ChartFailure.Describe(e));
        }
    }

    private async void OnClick(IEnumerable<EventDataPoint> points)
    {
        // async void: Plotly.Blazor's click callback is an Action; every failure is handled here.
        var point = points.FirstOrDefault();
        if (point is null)
            return;
        int trace = ToIndex(point.CurveNumber);
        int index = ToIndex(point.PointNumber);
        try
        {
            await InvokeAsync(() => OnPointClick.InvokeAsync((trace, index)));
        }
        catch (Exception e) when (e is JSDisconnectedException or ObjectDisposedException or TaskCanceledException)
        {
            // the browser went away
        }
    }

    /// <summary>A point or trace index as Plotly sends it (a number, a JSON element or a string); -1 when absent.</summary>
    internal static int ToIndex(object? value) => value switch
    {
        null => -1,
        int i => i,
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Number } e => e.GetInt32(),
        System.Text.Json.JsonElement => -1,
        IConvertible c => c.ToInt32(System.Globalization.CultureInfo.InvariantCulture),
        _ => -1,
    };
}
