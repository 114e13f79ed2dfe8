using System.Diagnostics;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Model;

namespace SemSrDashboard.Services;

/// <summary>The dashboard's read model of run results, shared by every circuit. A run's results are loaded once when
/// the first page subscribes; while the run is queued or running (or a progress report for it arrives) the cache asks
/// the store for the results stored since the last refresh, at most once per
/// <see cref="RunResultsCacheOptions.RefreshInterval"/> per run however many pages watch it, and hands each subscriber
/// the new immutable <see cref="RunResultsSnapshot"/>. Polling the store, not only listening to this server's
/// progress, is what shows runs that another process (a CLI <c>evaluate</c>, a cluster worker) writes to the same
/// database. A run nobody holds is evicted after <see cref="RunResultsCacheOptions.EvictionDelay"/>.</summary>
public sealed class RunResultsCache : IDisposable
{
    private readonly ResultStore _store;
    private readonly ProgressBroadcaster _progress;
    private readonly ILogger _logger;
    private readonly RunResultsCacheOptions _options;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, Entry> _entries = [];
    private readonly Timer _timer;
    private long _fullLoads;
    private long _refreshQueries;

    public RunResultsCache(ResultStore store, ProgressBroadcaster progress, ILogger<RunResultsCache> logger, RunResultsCacheOptions? options = null)
    {
        _store = store;
        _progress = progress;
        _logger = logger;
        _options = options ?? RunResultsCacheOptions.Default;
        // A quarter of the interval: a run is refreshed within a quarter interval of becoming due.
        var tick = _options.RefreshInterval / 4;
        _timer = new Timer(_ => OnTimer(), null, tick, tick);
    }

    /// <summary>Queries that loaded every result of a run (first subscriber, or a run that just ended).</summary>
    public long FullLoads => Interlocked.Read(ref _fullLoads);

    /// <summary>Queries for the results stored since a run's last refresh.</summary>
    public long RefreshQueries => Interlocked.Read(ref _refreshQueries);

    /// <summary>Runs held in memory (subscribed, or released less than the eviction delay ago).</summary>
    public int CachedRuns { get { lock (_gate) return _entries.Count; } }

    /// <summary>Runs that at least one page holds.</summary>
    public int HeldRuns { get { lock (_gate) return _entries.Values.Count(e => e.Subscribers.Count > 0); } }

    /// <summary>Holds a run's results until the subscription is disposed; <paramref name="onChange"/> (if any) is
    /// called with each new snapshot, from a pool thread. Null when the store has no such run.</summary>
    public RunResultsSubscription? Subscribe(int runId, Func<RunResultsSnapshot, Task>? onChange = null)
    {
        Entry? entry;
        RunResultsSubscription subscription;
        lock (_gate)
        {
            if (!_entries.TryGetValue(runId, out entry))
                _entries[runId] = entry = new Entry(runId);
            subscription = new RunResultsSubscription(this, entry, onChange);
            entry.Subscribers.Add(subscription);
            entry.ReleasedAt = null;
        }
        lock (entry.LoadGate)
        {
            // The first subscriber loads; any that arrive meanwhile wait for that one load.
            if (entry.Snapshot is null && !entry.Missing)
                LoadAll(entry);
            if (entry.Snapshot is { } snapshot)
                subscription.Offer(snapshot);
        }
        if (subscription.Current is not null)
            return subscription;
        lock (_gate)
        {
            // No such run (yet): nothing is kept, so a run created under this id later is found.
            entry.Subscribers.Remove(subscription);
            if (entry.Subscribers.Count == 0 && _entries.GetValueOrDefault(runId) == entry)
                _entries.Remove(runId);
        }
        return null;
    }

    /// <summary>Refreshes a run now (after this page paused, resumed or cancelled it), within the rate limit.</summary>
    public void RequestRefresh(int runId)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(runId, out var entry))
                entry.Requested = true;
        }
    }

    private void LoadAll(Entry entry)
    {
        var run = _store.FindRun(entry.RunId);
        if (run is null)
        {
            entry.Missing = true;
            return;
        }
        var images = _store.Images(entry.RunId);
        var results = _store.Results(entry.RunId);
        Interlocked.Increment(ref _fullLoads);
        entry.LastQuery = Stopwatch.GetTimestamp();
        entry.SeenProgress = _progress.Latest(entry.RunId);
        entry.Snapshot = RunResultsSnapshot.Of(run, images, results, (entry.Snapshot?.Version ?? 0) + 1);
    }

    private void OnTimer()
    {
        List<Entry> due = [];
        lock (_gate)
        {
            foreach (var entry in _entries.Values.ToList())
            {
                if (entry.Subscribers.Count == 0)
                {
                    if (entry.ReleasedAt is { } released && Stopwatch.GetElapsedTime(released) >= _options.EvictionDelay)
                        _entries.Remove(entry.RunId);
                    continue;
                }
                if (entry.Snapshot is null || entry.Refreshing || Stopwatch.GetElapsedTime(entry.LastQuery) < _options.RefreshInterval)
                    continue;
                var latest = _progress.Latest(entry.RunId);
                bool reported = latest is not null && !ReferenceEquals(latest, entry.SeenProgress);
                if (entry.Requested || reported || IsLive(entry.Snapshot.Run.Status))
                {
                    entry.Refreshing = true;
                    entry.Requested = false;
                    entry.SeenProgress = latest;
                    due.Add(entry);
                }
            }
        }
        foreach (var entry in due)
            _ = Task.Run(() => Refresh(entry));
    }

    /// <summary>Queued or running runs are polled: their results may come from another process.</summary>
    private static bool IsLive(string status) => status is RunStatus.Queued or RunStatus.Running;

    private void Refresh(Entry entry)
    {
        try
        {
            RunResultsSnapshot? next;
            lock (entry.LoadGate)
            {
                var previous = entry.Snapshot!;
                var run = _store.FindRun(entry.RunId);
                entry.LastQuery = Stopwatch.GetTimestamp();
                if (run is null)
                    return; // deleted: pages keep what they show until they leave
                if (IsLive(previous.Run.Status) && !IsLive(run.Status))
                {
                    // The run just ended: one full load, so that the final snapshot is exactly what the store holds
                    // even where results committed out of id order (several writers on a server database).
                    LoadAll(entry);
                }
                else
                {
                    var fresh = _store.ResultsAfter(entry.RunId, previous.LastResultId);
                    Interlocked.Increment(ref _refreshQueries);
                    if (fresh.Count == 0 && previous.HasRunState(run))
                        return;
                    entry.Snapshot = previous.With(run, fresh);
                }
                next = entry.Snapshot;
            }
            List<RunResultsSubscription> subscribers;
            lock (_gate)
                subscribers = [.. entry.Subscribers];
            foreach (var subscriber in subscribers)
                subscriber.Deliver(next!, _logger);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Refreshing the results of run {Run} failed; the next refresh tries again", entry.RunId);
        }
        finally
        {
            lock (_gate)
                entry.Refreshing = false;
        }
    }

    internal void Release(RunResultsSubscription subscription)
    {
        lock (_gate)
        {
            var entry = subscription.Entry;
            if (!entry.Subscribers.Remove(subscription) || entry.Subscribers.Count > 0)
                return;
            entry.ReleasedAt = Stopwatch.GetTimestamp();
            if (_options.EvictionDelay <= TimeSpan.Zero && _entries.GetValueOrDefault(entry.RunId) == entry)
                _entries.Remove(entry.RunId);
        }
    }

    public void Dispose() => _timer.Dispose();

    /// <summary>One cached run. Fields under the cache's gate, except the snapshot, which is written under
    /// <see cref="LoadGate"/> (one store query for the run at a time) and read as a reference.</summary>
    internal sealed class Entry(int runId)
    {
        public int RunId { get; } = runId;
        public Lock LoadGate { get; } = new();
        public List<RunResultsSubscription> Subscribers { get; } = [];
        public volatile RunResultsSnapshot? Snapshot;
        public bool Missing;
        public bool Refreshing;
        public bool Requested;
        public long LastQuery;
        public long? ReleasedAt;
        public RunProgress? SeenProgress;
    }
}
