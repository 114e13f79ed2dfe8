using Plotly.Blazor;

namespace SemSrDashboard.Components.Controls.Chart;

/// <summary>Plotly.Blazor's chart, whose first draw hands every failure to the enclosing
/// <see cref="ChartErrorBoundary"/>.</summary>
/// <remarks>Without this a JS interop timeout (plotly.js still loading in a busy browser) cancels the draw, and the
/// renderer ignores a cancelled after-render step: the chart would stay blank with nothing to retry. Other failures
/// reach the boundary either way, here without the renderer's AggregateException around them.</remarks>
public sealed class GuardedPlotlyChart : PlotlyChart
{
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        try
        {
            await base.OnAfterRenderAsync(firstRender);
        }
        catch (Exception e)
        {
            await DispatchExceptionAsync(e);
        }
    }
}
