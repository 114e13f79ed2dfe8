using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Evaluation;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Engine.Runs;

/// <summary>One of several processes (on one machine or on Slurm nodes) that evaluate a run together: it claims small
/// batches of the images that lack results, evaluates them through the run executor's pipeline and stores their
/// results keyed (run, image, method) exactly once. The run becomes running at the first worker and completed by
/// whichever worker stores the last image's results.</summary>
/// <remarks>Claims last one lease (<see cref="RunExecutor.DefaultLeaseDuration"/>) and are renewed by a heartbeat every
/// sixth of it; the images of a worker that died are claimed again by the others once its claims expire, which is
/// why a worker that finds nothing to claim waits while other workers still hold unfinished images. A paused or
/// cancelled run makes workers claim nothing more and stop after the images they are evaluating.</remarks>
public sealed class RunWorker(ResultStore store, MethodCatalog methods, ILogger<RunWorker>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<RunWorker>.Instance;
    private readonly ImageClaims _claims = new(store.Database);
    private readonly RunWorkers _workers = new(store.Database);

    public TimeSpan LeaseDuration { get; init; } = RunExecutor.DefaultLeaseDuration;
    public int Workers { get; init; } = RunExecutor.DefaultWorkers;
    /// <summary>Images claimed at a time: one per thread, so that a dead worker strands few images.</summary>
    public int BatchSize => Workers;
    public WorkerIdentity Identity { get; init; } = WorkerIdentity.OfThisProcess();

    /// <summary>Joins <paramref name="runId"/> and works until no image is left, the run is paused or cancelled, or
    /// <paramref name="cancellation"/> fires (the claims are then released and the run goes on without this worker).</summary>
    public async Task<WorkerOutcome> ExecuteAsync(int runId, Action<RunProgress>? onProgress = null, CancellationToken cancellation = default)
    {
        var run = store.FindRun(runId) ?? throw new ArgumentException($"run {runId} not found");
        if (!RunStatus.IsResumable(run.Status))
            return new WorkerOutcome(WorkerStates.Finished, run.Status, $"run {runId} is {run.Status}; nothing to do", 0);
        if (run.Status == RunStatus.Paused)
            return new WorkerOutcome(WorkerStates.Finished, run.Status, $"run {runId} is paused (runs resume {runId} queues it again)", 0);
        var settings = StoredRunSettings.From(run);
        if (Refusal(run, settings) is { } reason)
        {
            Register(run, WorkerStates.Refused, reason);
            _logger.LogWarning("Run {RunId}: worker {Worker} refused: {Reason}", runId, Identity.WorkerId, reason);
            return new WorkerOutcome(WorkerStates.Refused, run.Status, reason, 0);
        }

        Register(run, WorkerStates.Running, null);
        var instrumentation = new RunInstrumentation(Workers, ImagePipeline.QueueCapacity(Workers));
        using var threads = new WorkerThreads(Workers, $"semsr-worker{runId}");
        List<IUpsampler> upsamplers = [];
        string? provider = null;
        try
        {
            foreach (string id in settings.Methods)
            {
                var upsampler = threads.Invoke(() => methods.Create(id, settings));
                provider ??= (upsampler as IReportsProvider)?.Provider;
                upsamplers.Add(upsampler.IsThreadSafe ? upsampler : new SerializedUpsampler(upsampler));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            upsamplers.ForEach(u => u.Dispose());
            string failure = $"cannot start: {e.Message}";
            store.UpdateRun(runId, r => r with
            {
                Status = RunStatus.Failed,
                Error = failure,
                FinishedUtc = DateTime.UtcNow,
            });
            _workers.End(Identity.WorkerId, WorkerStates.Failed, failure);
            return new WorkerOutcome(WorkerStates.Failed, RunStatus.Failed, failure, 0);
        }
        try
        {
            _workers.SetProvider(Identity.WorkerId, provider);
            _claims.TryStart(runId, provider);
            return await WorkAsync(run, settings, upsamplers, threads, instrumentation, onProgress, cancellation);
        }
        finally
        {
            upsamplers.ForEach(u => u.Dispose());
        }
    }

    /// <summary>Why this worker may not join: the run is executed by a live <c>evaluate</c>, its data folder is not
    /// visible here, or this worker's configuration differs (engine version, model files' sha256, settings).</summary>
    private string? Refusal(StoredRun run, RunSettings settings)
    {
        if (run.LeaseOwner is { } owner && run.LeaseExpiresUtc > DateTime.UtcNow)
            return $"run {run.Id} is executed by {owner} (evaluate); workers join only runs that no single process executes";
        if (!Directory.Exists(settings.DataRoot))
            return $"data folder not found on this machine: {settings.DataRoot}";
        var mine = run with { Fingerprint = settings.Fingerprint, Provenance = Provenance.Describe(settings, methods) };
        if (run.Fingerprint != settings.Fingerprint)
            return $"the run's settings fingerprint {run.Fingerprint} differs from this version's {settings.Fingerprint}";
        return RunConfiguration.Difference(run, mine) is { } difference ? $"this worker differs from run {run.Id}: {difference}" : null;
    }

    private void Register(StoredRun run, string state, string? reason)
    {
        var now = DateTime.UtcNow;
        _workers.Register(new WorkerSnapshot(Identity.WorkerId, run.Id, Identity.Host, Identity.SlurmJobId,
            Identity.ArrayTaskId, Provider: null, state, reason, ImagesDone: 0, StartedUtc: now, LastHeartbeatUtc: now,
            FinishedUtc: state == WorkerStates.Running ? null : now));
    }

    private async Task<WorkerOutcome> WorkAsync(StoredRun run, RunSettings settings, IReadOnlyList<IUpsampler> upsamplers,
        WorkerThreads threads, RunInstrumentation instrumentation, Action<RunProgress>? onProgress, CancellationToken cancellation)
    {
        int runId = run.Id;
        var tracker = new ProgressTracker(run, store.Images(runId), store.StoredStatuses(runId));
        onProgress?.Invoke(tracker.Snapshot(RunStatus.Running));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var heartbeatStop = new CancellationTokenSource();
        var drain = new DrainSignal();
        var heartbeat = HeartbeatAsync(runId, drain, heartbeatStop.Token);

        var outputs = OutputStore.For(store.Database);
        var evaluator = IImageEvaluator.For(settings, upsamplers, outputs, instrumentation.Stages);
        var pipeline = new ImagePipeline(settings, evaluator, threads, Workers, instrumentation, tracker);
        int done = 0;
        var (failure, storageFailure) = await pipeline.RunAsync(FeedAsync(runId, drain, stop.Token),
            evaluation => { if (SaveWithRetry(evaluation) > 0) done++; },
            _ => onProgress?.Invoke(tracker.Snapshot(RunStatus.Running)), stop);

        heartbeatStop.Cancel();
        await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        instrumentation.Finished();
        WorkerOutcome outcome;
        try
        {
            _claims.Release(runId, Identity.WorkerId);
            outcome = Conclude(runId, settings, failure, storageFailure, drain.Status, cancellation.IsCancellationRequested, done);
            _workers.End(Identity.WorkerId, outcome.WorkerState, outcome.Message);
        }
        catch (Exception e) when (DatabaseFailure.Is(e))
        {
            // The database is gone: the claims run out on their own and the run stays as it is (resumable).
            string reason = storageFailure ?? DatabaseFailure.StoringReason(e);
            outcome = new WorkerOutcome(WorkerStates.Failed, RunStatus.Running, reason, done) { StorageFailed = true };
        }
        onProgress?.Invoke(tracker.Snapshot(outcome.RunStatus));
        _logger.LogInformation("Run {RunId}: worker {Worker} ended {State} after {Images} images: {Message}",
            runId, Identity.WorkerId, outcome.WorkerState, done, outcome.Message);
        return outcome with { Execution = instrumentation.Report() };
    }

    /// <summary>Stores one image's results, repeating a save that PostgreSQL aborted as a deadlock or serialization
    /// conflict with another worker (SQLSTATE 40P01, 40001: the transaction was rolled back whole, so repeating it is
    /// safe); any other failure, or a third conflict, stops the worker as a storage failure.</summary>
    private int SaveWithRetry(ImageEvaluation evaluation)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return store.SaveImage(evaluation.Image, evaluation.Results, Identity.WorkerId);
            }
            catch (Exception e) when (attempt < 3 && IsConflict(e))
            {
                _logger.LogWarning("Run {RunId}: save of image {Image} repeated after a conflict: {Reason}",
                    evaluation.Image.RunId, evaluation.Image.RelativePath, DatabaseFailure.Message(e));
                Thread.Sleep(50 * attempt);
            }
        }
    }

    private static bool IsConflict(Exception e) =>
        (e as System.Data.Common.DbException ?? e.InnerException as System.Data.Common.DbException)?.SqlState is "40P01" or "40001";

    private WorkerOutcome Conclude(int runId, RunSettings settings, string? failure, string? storageFailure,
        string? requested, bool interrupted, int done)
    {
        if (storageFailure is not null)
            return new WorkerOutcome(WorkerStates.Failed, RunStatus.Running, storageFailure, done) { StorageFailed = true };
        if (failure is not null)
        {
            store.UpdateRun(runId, r => r with
            {
                Status = RunStatus.Failed,
                Error = failure,
                FinishedUtc = DateTime.UtcNow,
            });
            return new WorkerOutcome(WorkerStates.Failed, RunStatus.Failed, failure, done);
        }
        if (requested is not null)
            return new WorkerOutcome(WorkerStates.Finished, requested, $"run {requested} on request", done);
        if (interrupted)
            return new WorkerOutcome(WorkerStates.Interrupted, store.FindRun(runId)?.Status ?? RunStatus.Running, "interrupted", done);
        if (_claims.TryComplete(runId) && settings.StoreOutputs == RunSettings.StoreBestWorst)
            OutputStore.For(store.Database).KeepBestAndWorst(runId, store.Results(runId), settings.Methods[0]);
        var status = store.FindRun(runId)?.Status ?? RunStatus.Completed;
        return new WorkerOutcome(WorkerStates.Finished, status, "no image left", done);
    }

    /// <summary>The images this worker evaluates: batch after batch of claims. When nothing can be claimed but other
    /// workers still hold unfinished images, it waits: if one of them died, its claims expire and are taken here.</summary>
    private async IAsyncEnumerable<StoredImage> FeedAsync(int runId, DrainSignal drain, [EnumeratorCancellation] CancellationToken token)
    {
        var wait = LeaseDuration / 6;
        while (!drain.Requested && !token.IsCancellationRequested)
        {
            var batch = _claims.Claim(runId, Identity.WorkerId, BatchSize, LeaseDuration);
            if (batch.Count == 0)
            {
                if (_claims.Unfinished(runId) == 0)
                    yield break;
                await Task.Delay(wait, token);
                continue;
            }
            foreach (var image in batch)
            {
                if (drain.Requested)
                    yield break; // the rest of the batch is released at the end
                yield return image;
            }
        }
    }

    /// <summary>Every sixth of the lease: records that this worker lives, renews its claims, and reads the run's status;
    /// a pause or cancel makes the feed stop (the images being evaluated are still stored).</summary>
    private async Task HeartbeatAsync(int runId, DrainSignal drain, CancellationToken token)
    {
        var period = LeaseDuration / 6;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                _workers.Heartbeat(Identity.WorkerId, runId, LeaseDuration);
                if (store.FindRun(runId)?.Status is (RunStatus.Paused or RunStatus.Cancelled or RunStatus.Failed) and var status)
                    drain.Request(status);
            }
            catch (Exception e) when (DatabaseFailure.Is(e))
            {
                // A database that is briefly away: the next beat tries again; the writer reports a lasting loss.
                _logger.LogWarning("Run {RunId}: worker heartbeat failed: {Reason}", runId, DatabaseFailure.Message(e));
            }
        }
    }

    /// <summary>A run status (paused, cancelled, failed) that asks this worker to claim nothing more.</summary>
    private sealed class DrainSignal
    {
        private volatile string? _status;
        public bool Requested => _status is not null;
        public string? Status => _status;
        public void Request(string status) => _status ??= status;
    }
}
