using System.Collections.Concurrent;
using System.Diagnostics;
using SemSrDashboard.Engine.Runs;

namespace SemSrDashboard.Services;

/// <summary>Hands the latest progress of every run to subscribed circuits. Subscriptions are disposable and
/// throttled: bursts are merged and a subscriber is called at most once per <see cref="MinimumInterval"/>, so a fast
/// run never floods a browser and a slow browser never slows a run (publishing never waits for subscribers).</summary>
public sealed class ProgressBroadcaster(ILogger<ProgressBroadcaster> logger)
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(250);

    private readonly ILogger _logger = logger;
    private readonly ConcurrentDictionary<int, RunProgress> _latest = new();
    private readonly ConcurrentDictionary<Subscription, byte> _subscriptions = new();

    public RunProgress? Latest(int runId) => _latest.GetValueOrDefault(runId);

    public IReadOnlyCollection<RunProgress> All => _latest.Values.ToList();

    /// <summary>Subscriptions not yet disposed (one per open page that shows live progress).</summary>
    public int SubscriberCount => _subscriptions.Count;

    public void Publish(RunProgress progress)
    {
        _latest[progress.RunId] = progress;
        foreach (var subscription in _subscriptions.Keys)
            subscription.Signal();
    }

    /// <summary>Calls <paramref name="onChange"/> (throttled) whenever any run's progress changes.</summary>
    /// <param name="minimumInterval">At least <see cref="MinimumInterval"/>; a page that redraws a whole table asks for
    /// more, so its circuit stays free for the user's clicks.</param>
    public IDisposable Subscribe(Func<Task> onChange, TimeSpan? minimumInterval = null)
    {
        var interval = minimumInterval is { } i && i > MinimumInterval ? i : MinimumInterval;
        var subscription = new Subscription(this, onChange, interval);
        _subscriptions[subscription] = 0;
        return subscription;
    }

    private sealed class Subscription(ProgressBroadcaster owner, Func<Task> onChange, TimeSpan interval) : IDisposable
    {
        private readonly Lock _gate = new();
        private int _pending;
        private long _lastCall = long.MinValue; // Stopwatch timestamp of the latest call
        private bool _disposed;

        public void Signal()
        {
            if (Volatile.Read(ref _disposed) || Interlocked.Exchange(ref _pending, 1) == 1)
                return; // a call is already scheduled: this change is merged into it
            _ = Task.Run(DeliverAsync);
        }

        private async Task DeliverAsync()
        {
            while (true)
            {
                TimeSpan wait;
                lock (_gate)
                {
                    if (_disposed)
                        return;
                    wait = _lastCall == long.MinValue ? TimeSpan.Zero : interval - Stopwatch.GetElapsedTime(_lastCall);
                    if (wait <= TimeSpan.Zero)
                    {
                        // Checked and stamped under the lock that Dispose takes: no call starts after Dispose returns.
                        Volatile.Write(ref _pending, 0);
                        _lastCall = Stopwatch.GetTimestamp();
                        break;
                    }
                }
                // Task.Delay rounds to whole milliseconds (down): wait a millisecond more and check again.
                await Task.Delay(wait + TimeSpan.FromMilliseconds(1));
            }
            try
            {
                await onChange();
            }
            catch (Exception e)
            {
                owner._logger.LogWarning(e, "A progress subscriber failed");
            }
        }

        public void Dispose()
        {
            lock (_gate)
                _disposed = true;
            owner._subscriptions.TryRemove(this, out _);
        }
    }
}
