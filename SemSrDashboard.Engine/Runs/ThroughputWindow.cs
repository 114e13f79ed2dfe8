namespace SemSrDashboard.Engine.Runs;

/// <summary>Images per second over the last <c>capacity</c> completions (a moving window, so the rate follows
/// changes in image size and model speed rather than averaging over the whole run).</summary>
public sealed class ThroughputWindow(int capacity = 20)
{
    private readonly Queue<TimeSpan> _times = new();

    public void Add(TimeSpan completedAt)
    {
        _times.Enqueue(completedAt);
        while (_times.Count > capacity)
            _times.Dequeue();
    }

    /// <summary>Completions per second between the oldest and newest entry; 0 with fewer than two.</summary>
    public double PerSecond
    {
        get
        {
            if (_times.Count < 2)
                return 0;
            double seconds = (_times.Last() - _times.Peek()).TotalSeconds;
            return seconds <= 0 ? 0 : (_times.Count - 1) / seconds;
        }
    }
}
