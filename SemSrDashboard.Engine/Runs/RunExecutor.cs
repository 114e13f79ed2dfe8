using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Evaluation;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Engine.Runs;

/// <summary>Executes a stored run to the end, resuming where it stopped: the one implementation behind both the
/// <c>evaluate</c> command and the dashboard's background service.</summary>
/// <remarks>Images flow through a bounded pipeline: <see cref="Workers"/> threads decode, degrade, upsample and
/// measure at a lower scheduling priority than the web server (<see cref="WorkerThreads"/>; a model that is not
/// thread-safe is entered by one worker at a time) while a single writer stores each
/// image's results in its own transaction. The run is owned through a database lease renewed by a heartbeat that
/// also notices pause and cancel requests made by other processes.</remarks>
public sealed class RunExecutor(ResultStore store, MethodCatalog methods, ILogger<RunExecutor>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<RunExecutor>.Instance;

    /// <summary>Environment variable that overrides <see cref="DefaultLeaseDuration"/> (whole seconds, 1–3600).</summary>
    public const string LeaseSecondsVariable = "SEMSR_LEASE_SECONDS";

    /// <summary>30 seconds, unless <c>$SEMSR_LEASE_SECONDS</c> holds a whole number of seconds from 1 to 3600.</summary>
    public static TimeSpan DefaultLeaseDuration { get; } =
        int.TryParse(Environment.GetEnvironmentVariable(LeaseSecondsVariable), out int seconds) && seconds is >= 1 and <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(30);

    /// <summary>How long the run stays ours without a heartbeat; renewed every sixth of it, which is also how
    /// quickly pause and cancel requests from other processes are noticed.</summary>
    public TimeSpan LeaseDuration { get; init; } = DefaultLeaseDuration;
    /// <summary>Environment variable that overrides <see cref="DefaultWorkers"/> (a whole number, at least 1).</summary>
    public const string WorkersVariable = "SEMSR_WORKERS";

    /// <summary>The core count, at least 2, unless <c>$SEMSR_WORKERS</c> holds a positive whole number. The run
    /// estimate and the <c>bench</c> verb project with the same count.</summary>
    public static int DefaultWorkers { get; } =
        int.TryParse(Environment.GetEnvironmentVariable(WorkersVariable), out int w) && w > 0 ? w : Math.Max(2, Environment.ProcessorCount);

    public int Workers { get; init; } = DefaultWorkers;

    /// <summary>Runs <paramref name="runId"/> as <paramref name="owner"/>.</summary>
    /// <param name="onProgress">Called after every stored image (from the writer thread; subscribers throttle).</param>
    /// <param name="statusWhenInterrupted">Status left behind when <paramref name="cancellation"/> fires:
    /// <c>paused</c> for a user's Ctrl-C, <c>running</c> for a host shutting down (so the next start resumes it).</param>
    public async Task<RunOutcome> ExecuteAsync(int runId, string owner, Action<RunProgress>? onProgress = null,
        string statusWhenInterrupted = RunStatus.Paused, CancellationToken cancellation = default)
    {
        if (RunLease.TryAcquire(new RunLeases(store.Database), runId, owner, LeaseDuration, _logger) is not { } lease)
            return new RunOutcome(runId, store.FindRun(runId)?.Status ?? RunStatus.Failed, "the run is owned by another live process", LeaseHeld: true);
        try
        {
            return await ExecuteOwnedAsync(lease, onProgress, statusWhenInterrupted, cancellation);
        }
        finally
        {
            try
            {
                lease.Release();
            }
            catch (Exception e) when (DatabaseFailure.Is(e))
            {
                // e.g. a full disk: the lease runs out on its own, and a dead owner's lease is taken over at once
                _logger.LogWarning("Run {RunId}: lease not released: {Reason}", runId, DatabaseFailure.Message(e));
            }
        }
    }

    private async Task<RunOutcome> ExecuteOwnedAsync(RunLease lease, Action<RunProgress>? onProgress,
        string statusWhenInterrupted, CancellationToken cancellation)
    {
        int runId = lease.RunId;
        var run = store.FindRun(runId) ?? throw new ArgumentException($"run {runId} not found");
        if (!RunStatus.IsResumable(run.Status))
            return new RunOutcome(runId, run.Status, $"run {runId} is {run.Status}");
        var settings = StoredRunSettings.From(run);

        if (!Directory.Exists(settings.DataRoot))
            return Fail(runId, $"data folder not found: {settings.DataRoot}");

        var instrumentation = new RunInstrumentation(Workers, QueueCapacity);
        using var workers = new WorkerThreads(Workers, $"semsr-run{runId}");
        List<IUpsampler> upsamplers = [];
        string? provider = null;
        try
        {
            foreach (string id in settings.Methods)
            {
                var upsampler = workers.Invoke(() => methods.Create(id, settings)); // a model's own threads inherit the workers' priority
                provider ??= (upsampler as IReportsProvider)?.Provider;
                upsamplers.Add(ThreadSafe(upsampler));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            upsamplers.ForEach(u => u.Dispose());
            return Fail(runId, $"cannot start: {e.Message}");
        }

        try
        {
            store.UpdateRun(runId, r => r with
            {
                Status = RunStatus.Running,
                StartedUtc = r.StartedUtc ?? DateTime.UtcNow,
                Error = null,
                Provider = provider ?? r.Provider,
            });
            _logger.LogInformation("Run {RunId} started by {Owner}: {Methods} on {DataRoot}", runId, lease.Owner, run.Methods, run.DataRoot);
            return await PumpAsync(run, settings, upsamplers, workers, lease, instrumentation, onProgress, statusWhenInterrupted, cancellation);
        }
        finally
        {
            upsamplers.ForEach(u => u.Dispose());
        }
    }

    private int QueueCapacity => ImagePipeline.QueueCapacity(Workers);

    private async Task<RunOutcome> PumpAsync(StoredRun run, RunSettings settings, IReadOnlyList<IUpsampler> upsamplers,
        WorkerThreads workers, RunLease lease, RunInstrumentation instrumentation, Action<RunProgress>? onProgress,
        string statusWhenInterrupted, CancellationToken cancellation)
    {
        int runId = run.Id;
        var images = store.Images(runId);
        var tracker = new ProgressTracker(run, images, store.StoredStatuses(runId));
        var pending = images.Where(i => tracker.MissingMethods(i.Id).Count > 0).ToList();
        onProgress?.Invoke(tracker.Snapshot(RunStatus.Running));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        string? requestedStatus = null;
        var heartbeat = HeartbeatAsync(lease, status => { requestedStatus = status; stop.Cancel(); }, stop.Token);

        var outputs = OutputStore.For(store.Database);
        var evaluator = IImageEvaluator.For(settings, upsamplers, outputs, instrumentation.Stages);
        var pipeline = new ImagePipeline(settings, evaluator, workers, Workers, instrumentation, tracker);
        var (failure, storageFailure) = await pipeline.RunAsync(pending.ToAsyncEnumerable(),
            evaluation => store.SaveImage(evaluation.Image, evaluation.Results),
            _ => onProgress?.Invoke(tracker.Snapshot(RunStatus.Running)), stop);

        stop.Cancel();
        await heartbeat.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        RunOutcome outcome;
        try
        {
            if (storageFailure is not null)
                outcome = StopResumable(runId, storageFailure);
            else if (failure is not null)
                outcome = Fail(runId, failure);
            else if (requestedStatus is not null)
                outcome = new RunOutcome(runId, requestedStatus, $"run {requestedStatus} on request");
            else if (cancellation.IsCancellationRequested)
            {
                store.UpdateRun(runId, r => r with { Status = statusWhenInterrupted });
                outcome = new RunOutcome(runId, statusWhenInterrupted, "interrupted");
            }
            else
            {
                if (settings.StoreOutputs == RunSettings.StoreBestWorst)
                    outputs.KeepBestAndWorst(runId, store.Results(runId), settings.Methods[0]);
                store.UpdateRun(runId, r => r with { Status = RunStatus.Completed, FinishedUtc = DateTime.UtcNow });
                outcome = new RunOutcome(runId, RunStatus.Completed);
            }
        }
        catch (Exception e) when (DatabaseFailure.Is(e))
        {
            // The final status could not be stored: the run keeps its stored status (running), which resumes.
            string reason = DatabaseFailure.StoringReason(e);
            if (failure is not null)
                reason = $"{failure}; the failure could not be recorded: {DatabaseFailure.Message(e)}";
            _logger.LogError("Run {RunId} stopped: {Reason}", runId, reason);
            outcome = new RunOutcome(runId, RunStatus.Running, reason, StorageFailed: true);
        }
        instrumentation.Finished();
        // Stored before the checkpoint, so that a finished run's database is whole in its main file.
        outcome = outcome with { Execution = RecordExecution(runId, instrumentation) };
        TryCheckpoint();
        onProgress?.Invoke(tracker.Snapshot(outcome.Status));
        _logger.LogInformation("Run {RunId} ended {Status} {Message}", runId, outcome.Status, outcome.Message);
        return outcome;
    }

    /// <summary>Makes the heartbeat read the run's status at once instead of at its next beat: a pause or cancel
    /// requested in this process takes effect immediately (other processes' requests within a beat).</summary>
    public void CheckStatusNow() =>
        // Released from the thread pool: a semaphore may run its waiter inline, and the caller (a browser circuit,
        // say) must not end up executing the heartbeat and the stop that follows.
        ThreadPool.QueueUserWorkItem(_ => _checkNow.Release());

    private readonly SemaphoreSlim _checkNow = new(0);

    private async Task HeartbeatAsync(RunLease lease, Action<string> stopWith, CancellationToken token)
    {
        int runId = lease.RunId;
        var period = lease.Duration / 6;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await _checkNow.WaitAsync(period, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (token.IsCancellationRequested)
                return;
            if (!lease.Renew())
            {
                _logger.LogWarning("Run {RunId}: lease lost to another owner", runId);
                stopWith(store.FindRun(runId)?.Status ?? RunStatus.Running);
                return;
            }
            string? status = store.FindRun(runId)?.Status;
            if (status is RunStatus.Paused or RunStatus.Cancelled)
            {
                stopWith(status);
                return;
            }
        }
    }

    /// <summary>The execution's report, also stored in the run's provenance as its last execution (best effort: a
    /// database that takes no more writes has already stopped the run with a reason).</summary>
    private RunExecutionReport RecordExecution(int runId, RunInstrumentation instrumentation)
    {
        var report = instrumentation.Report();
        try
        {
            store.UpdateRun(runId, r => r with { Provenance = Provenance.WithLastExecution(r.Provenance, report) });
        }
        catch (Exception e) when (DatabaseFailure.Is(e))
        {
            _logger.LogWarning("Run {RunId}: execution report not stored: {Reason}", runId, DatabaseFailure.Message(e));
        }
        _logger.LogInformation("Run {RunId}: {Images} images in {Seconds:0.00} s", runId, report.Images, report.WallSeconds);
        return report;
    }

    private void TryCheckpoint()
    {
        try
        {
            store.Checkpoint();
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            _logger.LogDebug(e, "WAL checkpoint skipped"); // readers active: SQLite checkpoints later on its own
        }
    }

    /// <summary>Ends an execution whose results could not be stored: the run is left <c>paused</c> with the reason
    /// when that can still be written, else as it is (<c>running</c>, resumed by the next start either way).</summary>
    private RunOutcome StopResumable(int runId, string reason)
    {
        string status = RunStatus.Paused;
        try
        {
            store.UpdateRun(runId, r => r with { Status = RunStatus.Paused, Error = reason });
        }
        catch (Exception e) when (DatabaseFailure.Is(e))
        {
            status = RunStatus.Running;
        }
        _logger.LogError("Run {RunId} stopped, resumable: {Reason}", runId, reason);
        return new RunOutcome(runId, status, reason, StorageFailed: true);
    }

    private RunOutcome Fail(int runId, string reason)
    {
        store.UpdateRun(runId, r => r with
        {
            Status = RunStatus.Failed,
            Error = reason,
            FinishedUtc = DateTime.UtcNow,
        });
        _logger.LogError("Run {RunId} failed: {Reason}", runId, reason);
        return new RunOutcome(runId, RunStatus.Failed, reason);
    }

    private static IUpsampler ThreadSafe(IUpsampler upsampler) =>
        upsampler.IsThreadSafe ? upsampler : new SerializedUpsampler(upsampler);
}
