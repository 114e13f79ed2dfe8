using System.Diagnostics;
using System.Threading.Channels;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Evaluation;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Engine.Runs;

/// <summary>The bounded pipeline both <see cref="RunExecutor"/> (a run's fixed list of images) and
/// <see cref="RunWorker"/> (images claimed batch by batch) feed: worker threads evaluate images while a single writer
/// stores each image's results in its own transaction.</summary>
internal sealed class ImagePipeline(RunSettings settings, IImageEvaluator evaluator, WorkerThreads threads, int workers,
    RunInstrumentation instrumentation, ProgressTracker tracker)
{
    /// <summary>How the feed ended: <paramref name="Failure"/> fails the run; <paramref name="StorageFailure"/> (the
    /// database took no more writes) leaves it resumable; both null when the feed ran dry or was stopped.</summary>
    public sealed record Ending(string? Failure, string? StorageFailure);

    /// <summary>Evaluated images waiting for the writer, at most: enough to keep every worker busy while the writer
    /// commits, few enough that a stop loses little work.</summary>
    public static int QueueCapacity(int workers) => workers * 2;

    /// <summary>Evaluates every image <paramref name="images"/> yields until it ends or <paramref name="stop"/> fires,
    /// storing each through <paramref name="save"/> and reporting it to <paramref name="stored"/>.</summary>
    public async Task<Ending> RunAsync(IAsyncEnumerable<StoredImage> images, Action<ImageEvaluation> save,
        Action<ImageEvaluation> stored, CancellationTokenSource stop)
    {
        var evaluated = Channel.CreateBounded<ImageEvaluation>(new BoundedChannelOptions(QueueCapacity(workers)) { SingleReader = true });
        var producers = Task.Run(async () =>
        {
            try
            {
                await Parallel.ForEachAsync(images, new ParallelOptions { MaxDegreeOfParallelism = workers, TaskScheduler = threads, CancellationToken = stop.Token },
                    async (image, token) =>
                    {
                        instrumentation.HandedOut();
                        tracker.Started(image.RelativePath);
                        var methodsToDo = tracker.MissingMethods(image.Id);
                        long start = Stopwatch.GetTimestamp();
                        var evaluation = evaluator.Evaluate(image, methodsToDo, token);
                        long evaluatedAt = Stopwatch.GetTimestamp();
                        instrumentation.WorkerBusy(Stopwatch.GetElapsedTime(start, evaluatedAt));
                        await evaluated.Writer.WriteAsync(evaluation, token);
                        instrumentation.WorkerBlocked(Stopwatch.GetElapsedTime(evaluatedAt));
                    });
                evaluated.Writer.TryComplete();
            }
            catch (Exception e)
            {
                evaluated.Writer.TryComplete(e);
            }
        });

        string? failure = null;
        string? storageFailure = null;
        try
        {
            await foreach (var evaluation in ReadTimedAsync(evaluated.Reader))
            {
                long writing = Stopwatch.GetTimestamp();
                if (evaluation.Failed && !Directory.Exists(settings.DataRoot))
                {
                    // The image failed because its folder went away, not because of the image: storing that as the
                    // image's result would be wrong, so the run stops with what it stored (images already measured
                    // while it drains are still stored).
                    failure ??= $"data folder disappeared during the run: {settings.DataRoot}";
                    stop.Cancel();
                    continue;
                }
                TimeSpan storing;
                try
                {
                    save(evaluation);
                    storing = Stopwatch.GetElapsedTime(writing);
                }
                catch (Exception e) when (DatabaseFailure.Is(e))
                {
                    // The database takes no more writes (disk full, I/O error, server gone): nothing is wrong with the
                    // run, so it stops with what was stored and stays resumable. Stopping the producers matters: they
                    // wait on the full channel that this loop no longer empties.
                    storageFailure = DatabaseFailure.StoringReason(e);
                    stop.Cancel();
                    break;
                }
                tracker.Completed(evaluation);
                stored(evaluation);
                instrumentation.Stored(storing, Stopwatch.GetElapsedTime(writing));
            }
        }
        catch (OperationCanceledException)
        {
            // stop requested: the caller decides the final status
        }
        catch (Exception e) when (DatabaseFailure.Is(e))
        {
            // A claim or another read of the feed lost the database: as for a save, the run stays resumable.
            storageFailure = DatabaseFailure.StoringReason(e);
            stop.Cancel();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            failure = e is AggregateException a ? a.InnerException?.Message ?? a.Message : e.Message;
            stop.Cancel(); // the producers may be waiting on the full channel
        }

        await producers.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return new Ending(failure, storageFailure);
    }

    /// <summary>The writer's reads, timing how long it waits for each evaluated image and how many were queued.</summary>
    private async IAsyncEnumerable<ImageEvaluation> ReadTimedAsync(ChannelReader<ImageEvaluation> reader)
    {
        while (true)
        {
            long waiting = Stopwatch.GetTimestamp();
            if (!reader.TryPeek(out _) && !await reader.WaitToReadAsync())
                yield break;
            instrumentation.WriterWaiting(Stopwatch.GetElapsedTime(waiting));
            instrumentation.WriterRead(reader.Count);
            if (reader.TryRead(out var evaluation))
                yield return evaluation;
        }
    }
}
