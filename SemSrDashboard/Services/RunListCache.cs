using System.Diagnostics;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Model;

namespace SemSrDashboard.Services;

/// <summary>The runs page's list of runs and their counts, shared by every open runs page: read from the store at most
/// once per <see cref="MaximumAge"/> (the counts group every result of every run), or sooner after this server
/// changed a run (<see cref="Invalidate"/>) or reported a status the list does not show yet (a run that just ended).</summary>
public sealed class RunListCache(ResultStore store, ProgressBroadcaster progress)
{
    public static readonly TimeSpan MaximumAge = TimeSpan.FromSeconds(1);
    /// <summary>The least age at which a status reported by progress but not yet in the list triggers a new read.</summary>
    private static readonly TimeSpan StatusRecheckAge = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private RunListSnapshot? _current;
    private long _loadedAt;
    private long _loads;

    /// <summary>Reads of the list from the store so far.</summary>
    public long Loads => Interlocked.Read(ref _loads);

    public RunListSnapshot Current()
    {
        lock (_gate)
        {
            var age = Stopwatch.GetElapsedTime(_loadedAt);
            if (_current is null || age >= MaximumAge || age >= StatusRecheckAge && ShowsOldStatus(_current))
            {
                var counts = store.CountsByRun();
                _current = new RunListSnapshot(store.ListRuns(), counts);
                _loadedAt = Stopwatch.GetTimestamp();
                Interlocked.Increment(ref _loads);
            }
            return _current;
        }
    }

    private bool ShowsOldStatus(RunListSnapshot list) =>
        list.Runs.Any(r => progress.Latest(r.Id) is { } live && live.Status != RunStatus.Running && live.Status != r.Status);

    /// <summary>The next <see cref="Current"/> reads the store again (after a run was queued, changed or deleted here).</summary>
    public void Invalidate()
    {
        lock (_gate)
            _current = null;
    }
}
