using System.Collections.Concurrent;

namespace SemSrDashboard.Engine.Inspection;

/// <summary>Runs expensive renderings (a model on an image whose output was not kept) one at a time on a dedicated
/// thread of below-normal priority, so they never compete with a running evaluation or the web server for a core.
/// Requests for the same key while one is pending share its result.</summary>
public sealed class LowPriorityRenderer : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly ConcurrentDictionary<string, Task<byte[]>> _pending = new(StringComparer.Ordinal);
    private readonly Thread _thread;

    public LowPriorityRenderer()
    {
        _thread = new Thread(Loop) { IsBackground = true, Priority = ThreadPriority.BelowNormal, Name = "semsr-render" };
        _thread.Start();
    }

    /// <summary>Number of renderings queued or running.</summary>
    public int Pending => _pending.Count;

    public Task<byte[]> RenderAsync(string key, Func<byte[]> render) =>
        _pending.GetOrAdd(key, k =>
        {
            var completion = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            _work.Add(() =>
            {
                try
                {
                    completion.SetResult(render());
                }
                catch (Exception e)
                {
                    completion.SetException(e);
                }
                finally
                {
                    _pending.TryRemove(k, out _);
                }
            });
            return completion.Task;
        });

    private void Loop()
    {
        foreach (var item in _work.GetConsumingEnumerable())
            item();
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(5));
    }
}
