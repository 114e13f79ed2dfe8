using Microsoft.JSInterop;

namespace SemSrDashboard.Components.Controls.Chart;

/// <summary>What can go wrong between a chart and the browser, in words for the page and the log.</summary>
internal static class ChartFailure
{
    /// <summary>A failure of the browser side (script error, timeout, lost connection) rather than a bug in .NET.</summary>
    public static bool IsInterop(Exception e) =>
        e is JSException or JSDisconnectedException or TaskCanceledException or ObjectDisposedException;

    /// <summary>A short reason, lower case, without a full stop.</summary>
    public static string Describe(Exception e) => e switch
    {
        TaskCanceledException => "the browser did not answer in time",
        JSDisconnectedException => "the connection to the browser was lost",
        JSException js => $"the browser reported an error ({FirstLine(js.Message)})",
        _ => $"{e.GetType().Name}: {FirstLine(e.Message)}",
    };

    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}
