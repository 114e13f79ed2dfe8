using System.Threading.Channels;
using Microsoft.Extensions.Options;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Hosting;

namespace SemSrDashboard.Services;

/// <summary>Executes queued runs in the background with the same <see cref="RunExecutor"/> as the
/// <c>evaluate</c> command, one at a time by default. On start and every few seconds it also picks up runs whose
/// owner died (status running, lease expired or its owner verifiably dead, see <see cref="LeaseOwners"/>); a run a
/// live process holds is left alone, and so is a run submitted to Slurm or joined by running <c>worker</c> processes. While the dashboard's fine-tuning job trains, queued runs wait (see
/// <see cref="FineTuneService"/>).</summary>
public sealed class RunQueueService(
    EngineContext engine,
    ProgressBroadcaster progress,
    IOptions<DashboardOptions> options,
    DataRoots roots,
    FineTuneService fineTune,
    ILogger<RunQueueService> logger,
    ILogger<RunExecutor> executorLogger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(3);
    private readonly Channel<int> _wakeUp = Channel.CreateUnbounded<int>();
    private readonly HashSet<int> _active = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, RunExecutor> _executors = new();
    private readonly Lock _gate = new();
    private readonly WorkerRoster _roster = new(engine.Database);

    public string Owner { get; } = EngineContext.NewOwnerId("web");

    /// <summary>Validates and stores a new queued run; throws <see cref="InvalidRunSettingsException"/> with the reason.</summary>
    public StoredRun Enqueue(RunSettings settings)
    {
        if (!roots.Contains(settings.DataRoot))
            throw new InvalidRunSettingsException($"{settings.DataRoot} is outside the dashboard's data roots ({string.Join(", ", roots.All.Select(r => r.Path))})");
        var (run, _) = engine.Planner.CreateOrResume(settings, forceNew: true);
        _wakeUp.Writer.TryWrite(run.Id);
        return run;
    }

    /// <summary>Sets a run's status on request (pause, cancel, or queue again) and lets the executor notice.</summary>
    public void RequestStatus(int runId, string status)
    {
        RunStatusChange.Apply(engine.Store, runId, status);
        if (_executors.TryGetValue(runId, out var executor))
            executor.CheckStatusNow();
        _wakeUp.Writer.TryWrite(runId);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            running.RemoveAll(t => t.IsCompleted);
            foreach (var run in NextRuns(Math.Max(1, options.Value.ConcurrentRuns) - running.Count))
                running.Add(ExecuteRunAsync(run.Id, stoppingToken));

            using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            tick.CancelAfter(PollInterval);
            try
            {
                await _wakeUp.Reader.ReadAsync(tick.Token);
            }
            catch (OperationCanceledException)
            {
                // poll interval elapsed or host stopping
            }
        }
        await Task.WhenAll(running);
    }

    private IEnumerable<StoredRun> NextRuns(int slots)
    {
        // One heavy job at a time: queued runs wait while a fine-tuning job trains.
        if (slots <= 0 || fineTune.IsTraining)
            return [];
        var now = DateTime.UtcNow;
        lock (_gate)
        {
            var candidates = engine.Store.ListRuns()
                .Where(r => !_active.Contains(r.Id))
                .Where(r => r.Status == RunStatus.Queued || r.Status == RunStatus.Running
                    && (r.LeaseExpiresUtc is null || r.LeaseExpiresUtc < now || LeaseOwners.IsVerifiablyDead(r.LeaseOwner)))
                // A run submitted to Slurm is the job array's to execute, even while its tasks wait in the queue.
                .Where(r => r.SlurmJobId is null)
                .OrderBy(r => r.Id)
                .ToList();
            if (candidates.Count == 0)
                return [];
            // Nor is a run that worker processes execute (they hold per-image claims, not the run's lease).
            var workers = _roster.OfRuns(candidates.Select(r => r.Id).ToList());
            return candidates
                .Where(r => !workers.GetValueOrDefault(r.Id, []).Any(w =>
                    WorkerView.StateOf(w.State, w.LastHeartbeatUtc, now, RunExecutor.DefaultLeaseDuration) == WorkerStates.Running))
                .Take(slots)
                .ToList();
        }
    }

    private Task ExecuteRunAsync(int runId, CancellationToken stoppingToken)
    {
        lock (_gate)
            _active.Add(runId);
        return Task.Run(async () =>
        {
            try
            {
                var executor = new RunExecutor(engine.Store, engine.Methods, executorLogger);
                _executors[runId] = executor;
                var outcome = await executor.ExecuteAsync(runId, Owner, progress.Publish, RunStatus.Running, stoppingToken);
                if (outcome.LeaseHeld)
                    logger.LogInformation("Run {RunId} is owned by another live process; leaving it alone", runId);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Run {RunId} stopped with an unexpected error", runId);
            }
            finally
            {
                _executors.TryRemove(runId, out _);
                lock (_gate)
                    _active.Remove(runId);
            }
        }, CancellationToken.None);
    }
}
