using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace SemSrDashboard.Engine.Runs;

/// <summary>The threads that evaluate a run's images: a task scheduler with threads of its own, each lowered to a
/// nice value of <see cref="Nice"/> when it starts, so that a run using every core yields the CPU to the web
/// server's request and circuit threads (nice 0) whenever they need it and still takes all of it when they do not.</summary>
/// <remarks>On Linux .NET ignores <see cref="Thread.Priority"/> for normal threads; the nice value is per thread,
/// set with <c>setpriority(PRIO_PROCESS, tid, n)</c>, and threads inherit it from the thread that creates them: an
/// ONNX Runtime session opened through <see cref="Invoke{T}"/> runs its intra-op threads at the same priority.
/// Lowering a thread's priority needs no privilege, raising it back does: hence dedicated threads rather than the
/// shared thread pool. Where <c>setpriority</c> is unavailable the threads run with
/// <see cref="ThreadPriority.BelowNormal"/> (which Windows honours). A thread already nicer than asked stays so.</remarks>
public sealed partial class WorkerThreads : TaskScheduler, IDisposable
{
    /// <summary>Environment variable that overrides <see cref="DefaultNice"/> (a whole number, 0–19; 0 leaves the
    /// workers at the server's priority).</summary>
    public const string NiceVariable = "SEMSR_WORKER_NICE";

    /// <summary>10, the conventional priority of background work (about a tenth of a nice-0 thread's share of a
    /// contended core), unless <c>$SEMSR_WORKER_NICE</c> holds a whole number from 0 to 19.</summary>
    public static int DefaultNice { get; } =
        int.TryParse(Environment.GetEnvironmentVariable(NiceVariable), out int nice) && nice is >= 0 and <= 19 ? nice : 10;

    [ThreadStatic] private static WorkerThreads? _owner;

    private readonly BlockingCollection<Task> _queue = new();
    private readonly Thread[] _threads;

    /// <param name="count">Number of threads (a run's workers).</param>
    /// <param name="name">Thread name, for debuggers and <c>top -H</c>.</param>
    /// <param name="nice">Nice value of the threads; <see cref="DefaultNice"/> when null.</param>
    public WorkerThreads(int count, string name, int? nice = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Nice = nice ?? DefaultNice;
        _threads = new Thread[count];
        for (int i = 0; i < count; i++)
        {
            _threads[i] = new Thread(Loop) { IsBackground = true, Name = name };
            _threads[i].Start();
        }
    }

    /// <summary>The nice value the threads were asked to run at.</summary>
    public int Nice { get; }

    public override int MaximumConcurrencyLevel => _threads.Length;

    /// <summary>Runs <paramref name="work"/> on one of the threads and waits for it: anything it starts (ONNX
    /// Runtime's threads, say) inherits the lower priority.</summary>
    public T Invoke<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, this).GetAwaiter().GetResult();

    /// <summary>The calling thread's nice value, or null where it cannot be read (not Linux).</summary>
    public static int? CurrentThreadNice()
    {
        if (!OperatingSystem.IsLinux())
            return null;
        int nice = GetPriority(PrioProcess, GetThreadId());
        return nice == -1 && Marshal.GetLastPInvokeError() != 0 ? null : nice;
    }

    private void Loop()
    {
        _owner = this;
        LowerCurrentThread(Nice);
        foreach (var task in _queue.GetConsumingEnumerable())
            TryExecuteTask(task);
    }

    private static void LowerCurrentThread(int nice)
    {
        if (nice <= 0)
            return;
        try
        {
            if (CurrentThreadNice() is int current && (current >= nice || SetPriority(PrioProcess, GetThreadId(), nice) == 0))
                return;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // a C library without gettid: fall through
        }
        Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
    }

    protected override void QueueTask(Task task) => _queue.Add(task);

    // Only the scheduler's own threads run its tasks inline (Parallel.For waiting for its replicas, say), so that
    // no thread-pool thread ends up doing evaluation work at the server's priority.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        _owner == this && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

    /// <summary>Lets the threads finish the queued tasks and end.</summary>
    public void Dispose() => _queue.CompleteAdding();

    private const int PrioProcess = 0;

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetThreadId();

    [LibraryImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    private static partial int GetPriority(int which, int who);

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int prio);
}
