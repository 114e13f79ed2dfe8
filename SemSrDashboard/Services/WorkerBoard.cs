using System.Diagnostics;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Services;

/// <summary>The workers of the runs that open pages show, and a once-a-second pulse for runs that other processes
/// execute. While any page subscribes, a timer reads, in one query, the workers of every subscribed run and every
/// queued or running run of the shared run list (<see cref="RunListCache"/>, itself read at most once a second), then
/// calls each subscriber. This server's own runs report through <see cref="ProgressBroadcaster"/>; runs executed by
/// CLI or Slurm workers on other machines write only to the database, so this poll is how pages learn of them: at
/// most one workers query per <see cref="RefreshInterval"/> per server, however many pages watch.</summary>
public sealed class WorkerBoard : IDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly WorkerRoster _roster;
    private readonly RunListCache _runList;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscriptions = [];
    private readonly Timer _timer;
    private volatile WorkerBoardSnapshot _current = WorkerBoardSnapshot.Empty;
    private readonly TimeSpan _interval;
    private long _readAt;
    private int _refreshing;
    private long _queries;

    public WorkerBoard(WorkerRoster roster, RunListCache runList, ILogger<WorkerBoard> logger, TimeSpan? interval = null)
    {
        _roster = roster;
        _runList = runList;
        _logger = logger;
        _interval = interval ?? RefreshInterval;
        _timer = new Timer(_ => Refresh(), null, _interval, _interval);
    }

    /// <summary>Worker queries so far.</summary>
    public long Queries => Interlocked.Read(ref _queries);

    public int SubscriberCount { get { lock (_gate) return _subscriptions.Count; } }

    /// <summary>The latest workers of <paramref name="runId"/> (empty until read, or when it has none).</summary>
    public IReadOnlyList<WorkerSnapshot> Of(int runId) => _current.Of(runId);

    /// <summary>When the latest read was made (heartbeat ages are measured from it).</summary>
    public DateTime ReadAtUtc => _current.ReadAtUtc;

    /// <summary>Calls <paramref name="onChange"/> after every read while the subscription lives, from a pool thread.
    /// With a <paramref name="runId"/>, that run's workers are read too: at once when the latest read did not cover it or
    /// is older than the refresh interval (a page rendered once, with no timer running for it, shows the present).</summary>
    public IDisposable Subscribe(int? runId, Func<Task> onChange)
    {
        var subscription = new Subscription(this, runId, onChange);
        lock (_gate)
            _subscriptions.Add(subscription);
        if (runId is int id && (!_current.Covers(id) || Stopwatch.GetElapsedTime(_readAt) >= _interval))
            Refresh();
        return subscription;
    }

    private void Refresh()
    {
        // One read at a time: a slow database makes reads rarer, never concurrent.
        if (Interlocked.Exchange(ref _refreshing, 1) == 1)
            return;
        try
        {
            List<Subscription> subscribers;
            lock (_gate)
                subscribers = [.. _subscriptions];
            if (subscribers.Count == 0)
                return;
            var runs = subscribers.Where(s => s.RunId is not null).Select(s => s.RunId!.Value)
                .Concat(_runList.Current().Runs.Where(r => r.Status is RunStatus.Queued or RunStatus.Running).Select(r => r.Id))
                .ToHashSet();
            var clock = Stopwatch.StartNew();
            var workers = _roster.OfRuns(runs);
            Interlocked.Increment(ref _queries);
            _current = new WorkerBoardSnapshot(runs, workers, DateTime.UtcNow);
            Volatile.Write(ref _readAt, Stopwatch.GetTimestamp());
            if (clock.Elapsed > RefreshInterval)
                _logger.LogDebug("Reading the workers of {Runs} runs took {Seconds:0.0} s", runs.Count, clock.Elapsed.TotalSeconds);
            foreach (var subscriber in subscribers)
                subscriber.Notify(_logger);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Reading the runs' workers failed; the next refresh tries again");
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    public void Dispose() => _timer.Dispose();

    private sealed class Subscription(WorkerBoard owner, int? runId, Func<Task> onChange) : IDisposable
    {
        private int _delivering;
        private volatile bool _disposed;

        public int? RunId { get; } = runId;

        /// <summary>Calls the subscriber unless its previous call is still running (a slow page skips a beat).</summary>
        public void Notify(ILogger logger)
        {
            if (_disposed || Interlocked.Exchange(ref _delivering, 1) == 1)
                return;
            _ = Task.Run(async () =>
            {
                try
                {
                    if (!_disposed)
                        await onChange();
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "A workers subscriber failed");
                }
                finally
                {
                    Volatile.Write(ref _delivering, 0);
                }
            });
        }

        public void Dispose()
        {
            _disposed = true;
            lock (owner._gate)
                owner._subscriptions.Remove(this);
        }
    }
}
