using SemSrDashboard.Model;
namespace SemSrDashboard.Services;

/// <summary>A page's hold on one run in the <see cref="RunResultsCache"/>: the latest snapshot it was given, and the
/// callback told of each newer one. Disposing it releases the run (and stops the callbacks).</summary>
public sealed class RunResultsSubscription : IDisposable
{
    private readonly RunResultsCache _cache;
    private readonly Func<RunResultsSnapshot, Task>? _onChange;
    private RunResultsSnapshot? _current;
    private int _disposed;

    internal RunResultsSubscription(RunResultsCache cache, RunResultsCache.Entry entry, Func<RunResultsSnapshot, Task>? onChange)
    {
        _cache = cache;
        Entry = entry;
        _onChange = onChange;
    }

    internal RunResultsCache.Entry Entry { get; }

    public int RunId => Entry.RunId;

    /// <summary>The newest snapshot handed to this subscription (set before the subscription is returned).</summary>
    public RunResultsSnapshot Current => Volatile.Read(ref _current)!;

    /// <summary>Keeps <paramref name="snapshot"/> if it is newer than the one held; true when it was.</summary>
    internal bool Offer(RunResultsSnapshot snapshot)
    {
        while (true)
        {
            var held = Volatile.Read(ref _current);
            if (held is not null && held.Version >= snapshot.Version)
                return false;
            if (Interlocked.CompareExchange(ref _current, snapshot, held) == held)
                return true;
        }
    }

    /// <summary>Keeps a newer snapshot and calls the page back without waiting for it (a slow circuit never holds up
    /// the cache or the other pages).</summary>
    internal void Deliver(RunResultsSnapshot snapshot, ILogger logger)
    {
        if (Volatile.Read(ref _disposed) == 1 || !Offer(snapshot) || _onChange is null)
            return;
        _ = Task.Run(async () =>
        {
            try
            {
                if (Volatile.Read(ref _disposed) == 0)
                    await _onChange(snapshot);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "A results subscriber of run {Run} failed", RunId);
            }
        });
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            _cache.Release(this);
    }
}
