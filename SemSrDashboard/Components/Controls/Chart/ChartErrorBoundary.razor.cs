using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;

namespace SemSrDashboard.Components.Controls.Chart;

/// <summary>Keeps a chart's failure inside the chart: when drawing fails or times out (plotly.js still loading in a
/// busy browser, a script that did not load, a lost connection), the chart's place shows a short reason and a Retry
/// button, the cause is logged, and the page and its circuit carry on.</summary>
/// <remarks>Plotly.Blazor draws a chart for the first time in its own after-render step, beyond the reach of a
/// try/catch in the page; an error boundary is where that failure arrives (<see cref="GuardedPlotlyChart"/>).</remarks>
public partial class ChartErrorBoundary : ErrorBoundaryBase
{
    [Parameter, EditorRequired] public required string ChartId { get; set; }
    [Parameter] public int Height { get; set; } = 300;
    [Inject] public required IJSRuntime JS { get; init; }
    [Inject] public required ILogger<ChartErrorBoundary> Logger { get; init; }

    protected override Task OnErrorAsync(Exception exception)
    {
        Logger.LogWarning(exception, "Chart {ChartId} not drawn: {Reason}", ChartId, ChartFailure.Describe(exception));
        return Task.CompletedTask;
    }

    private async Task RetryAsync()
    {
        try
        {
            // Plotly.Blazor trusts a plotly.js script element once added, even one that failed to load.
            await using var module = await JS.InvokeAsync<IJSObjectReference>("import", "/js/plotly-retry.js");
            await module.InvokeVoidAsync("forgetFailedLoad");
        }
        catch (Exception e) when (ChartFailure.IsInterop(e))
        {
            Logger.LogWarning(e, "Chart {ChartId}: retry without resetting plotly.js: {Reason}", ChartId, ChartFailure.Describe(e));
        }
        Recover();
    }
}
