using System.Globalization;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Components.Workers;

/// <summary>One worker as the run page lists it: the fields of <c>runs workers</c>.</summary>
/// <param name="State">The stored state, or <c>lost</c> for a running worker silent for a whole lease.</param>
/// <param name="ImagesPerSecond">Images stored per second from its start to its end, or to its last heartbeat while it
/// runs (or was lost); 0 before a second has passed.</param>
public sealed record WorkerRow(WorkerSnapshot Worker, string State, double ImagesPerSecond)
{
    /// <param name="lease">See <see cref="WorkerView.Of"/>: the same state and rate as <c>runs workers</c> prints.</param>
    public static WorkerRow Of(WorkerSnapshot worker, DateTime nowUtc, TimeSpan lease)
    {
        var view = WorkerView.Of(worker, nowUtc, lease);
        return new(worker, view.State, view.ImagesPerSecond);
    }

    public bool IsRunning => State == WorkerStates.Running;

    public string ImagesPerSecondText => ImagesPerSecond.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>How long ago the last heartbeat was, in whole seconds, minutes or hours.</summary>
    public string HeartbeatAge(DateTime nowUtc)
    {
        var age = nowUtc - Worker.LastHeartbeatUtc;
        if (age < TimeSpan.Zero)
            age = TimeSpan.Zero; // another machine's clock a little ahead
        return age.TotalSeconds < 60 ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalSeconds} s ago")
            : age.TotalMinutes < 60 ? string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalMinutes} min ago")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)age.TotalHours} h ago");
    }

    /// <summary>The heartbeat's time as <c>runs workers</c> prints it (UTC, ISO 8601).</summary>
    public string HeartbeatUtcText => DateTime.SpecifyKind(Worker.LastHeartbeatUtc, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
