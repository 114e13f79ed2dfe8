using System.Diagnostics;
using SemSrDashboard.Engine.Evaluation;

namespace SemSrDashboard.Engine.Runs;

/// <summary>Collects, while a run executes, what <see cref="RunExecutionReport"/> reports: phase boundaries, worker
/// and writer busy and waiting times, queue depths and the evaluator's stage times. Thread-safe; the cost is a few
/// timestamps per image.</summary>
public sealed class RunInstrumentation(int workers, int queueCapacity)
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private long _firstHandedOut, _lastHandedOut, _lastStored, _finished;
    private long _workerBusyTicks, _workerBlockedTicks, _writerBusyTicks, _writerWaitingTicks;
    private long _queueDepthSum, _queueReads;
    private int _images;

    /// <summary>The evaluator's per-stage times; the writer's storing is added as <see cref="StageTimings.Database"/>.</summary>
    public StageTimings Stages { get; } = new();

    /// <summary>A worker took an image.</summary>
    public void HandedOut()
    {
        long now = Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref _firstHandedOut, now, 0);
        InterlockedMax(ref _lastHandedOut, now);
    }

    public void WorkerBusy(TimeSpan elapsed) => Interlocked.Add(ref _workerBusyTicks, elapsed.Ticks);

    public void WorkerBlocked(TimeSpan elapsed) => Interlocked.Add(ref _workerBlockedTicks, elapsed.Ticks);

    public void WriterWaiting(TimeSpan elapsed) => Interlocked.Add(ref _writerWaitingTicks, elapsed.Ticks);

    /// <summary>The writer is about to read an image; <paramref name="waiting"/> evaluated images are queued, that one included.</summary>
    public void WriterRead(int waiting)
    {
        Interlocked.Add(ref _queueDepthSum, waiting);
        Interlocked.Increment(ref _queueReads);
    }

    /// <summary>The writer stored an image's results (and reported progress) in <paramref name="elapsed"/>.</summary>
    public void Stored(TimeSpan storing, TimeSpan elapsed)
    {
        Stages.Add(StageTimings.Database, storing);
        Interlocked.Add(ref _writerBusyTicks, elapsed.Ticks);
        Interlocked.Increment(ref _images);
        Interlocked.Exchange(ref _lastStored, Stopwatch.GetTimestamp());
    }

    /// <summary>The execution ended (final status stored).</summary>
    public void Finished() => Interlocked.Exchange(ref _finished, Stopwatch.GetTimestamp());

    public RunExecutionReport Report()
    {
        long finished = _finished != 0 ? _finished : Stopwatch.GetTimestamp();
        // Phases that never began (nothing to do) take no time and push the next boundary back to the previous one.
        long first = _firstHandedOut != 0 ? _firstHandedOut : finished;
        long last = _lastHandedOut != 0 ? _lastHandedOut : first;
        long stored = _lastStored != 0 ? Math.Max(_lastStored, last) : last;
        return new RunExecutionReport(
            _images, workers,
            Seconds(_start, first), Seconds(first, last), Seconds(last, stored), Seconds(stored, finished),
            TimeSpan.FromTicks(_workerBusyTicks).TotalSeconds, TimeSpan.FromTicks(_workerBlockedTicks).TotalSeconds,
            TimeSpan.FromTicks(_writerBusyTicks).TotalSeconds, TimeSpan.FromTicks(_writerWaitingTicks).TotalSeconds,
            _queueReads > 0 ? (double)_queueDepthSum / _queueReads : 0, queueCapacity,
            Stages.Summary().Select(s => (s.Stage, s.Count, s.MeanSeconds * s.Count)).ToList());
    }

    private static double Seconds(long from, long to) => to > from ? Stopwatch.GetElapsedTime(from, to).TotalSeconds : 0;

    private static void InterlockedMax(ref long target, long value)
    {
        long seen = Volatile.Read(ref target);
        while (value > seen)
        {
            long previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
                return;
            seen = previous;
        }
    }
}
