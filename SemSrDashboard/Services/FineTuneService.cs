using Microsoft.Extensions.Options;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Training;
using SemSrDashboard.Engine.Upsampling;
using SemSrDashboard.Hosting;

namespace SemSrDashboard.Services;

/// <summary>Runs the dashboard's fine-tuning job in the background with the same <see cref="FineTuneJob"/> as
/// <c>models finetune</c>: one job at a time, with pause (a checkpoint), resume (from it) and cancel (nothing kept).</summary>
/// <remarks>
/// <para>Heavy work takes turns: while a job trains, the run queue starts no evaluation (new runs wait as queued),
/// and a job is refused while an evaluation is running.</para>
/// <para>A checkpoint is written every <see cref="DashboardOptions.FineTuneCheckpointMinutes"/>, when paused and when
/// the dashboard stops. After a restart (also after <c>kill -9</c>) a job that was training resumes by itself from its
/// last checkpoint, like an interrupted run; a paused or failed one waits for Resume.</para>
/// </remarks>
public sealed class FineTuneService(EngineContext engine, IOptions<DashboardOptions> options, DataRoots roots, ILogger<FineTuneService> logger)
    : BackgroundService
{
    // The live view redraws at most this often; state changes and held-out points are announced at once.
    private static readonly TimeSpan AnnounceInterval = TimeSpan.FromMilliseconds(500);

    private readonly Lock _gate = new();
    private FineTuneStatus _status = FineTuneStatus.Empty;
    private readonly TrainingHistory _history = new();
    private CancellationTokenSource? _stop;
    private bool _cancelRequested;
    private Task _job = Task.CompletedTask;
    private DateTime _announced = DateTime.MinValue;
    private CancellationToken _stopping;
    private volatile bool _hostStopping;

    /// <summary>Folder of the fine-tuned models, checkpoints, split lists and job records.</summary>
    public string Folder { get; } = FolderOf(options.Value);

    /// <summary>Raised on a background thread when the status changed.</summary>
    public event Action? Changed;

    public FineTuneStatus Status
    {
        get { lock (_gate) return _status; }
    }

    /// <summary>True while a job trains (or is preparing or stopping): the run queue waits.</summary>
    public bool IsTraining => Status.IsBusy;

    /// <summary>The models on offer (the method catalog's registry).</summary>
    public ModelRegistry Registry => (engine.Methods as ModelMethodCatalog)?.Registry ?? ModelRegistry.Empty;

    public static string FolderOf(DashboardOptions options) =>
        Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.FineTuneFolder is { Length: > 0 } folder ? folder : ModelRegistry.UserFolder()));

    /// <summary>The model folders the dashboard offers: the default ones and the fine-tune folder.</summary>
    public static IReadOnlyList<string> ModelFolders(DashboardOptions options)
    {
        var folders = ModelRegistry.DefaultFolders().ToList();
        string own = FolderOf(options);
        if (Directory.Exists(own) && !folders.Any(f => Path.TrimEndingDirectorySeparator(Path.GetFullPath(f)) == own))
            folders.Add(own);
        return folders;
    }

    /// <summary>The settings as the dashboard runs them: into <see cref="Folder"/>, with its checkpoint interval.</summary>
    public FineTuneSettings Complete(FineTuneSettings settings) =>
        settings with { OutDir = Folder, CheckpointMinutes = options.Value.FineTuneCheckpointMinutes, Force = false };

    /// <summary>Checks a request as <c>models finetune</c> does and prepares its training images.</summary>
    /// <exception cref="FineTuneRefusedException">The reason it cannot run.</exception>
    public FineTunePlan Plan(FineTuneSettings settings)
    {
        // As for runs: the dashboard reads images only inside its data folders.
        if (!roots.Contains(settings.DataRoot))
            throw new FineTuneRefusedException(
                $"{settings.DataRoot} is outside the dashboard's data folders ({string.Join(", ", roots.All.Select(r => r.Path))})");
        return FineTunePlanner.Plan(Complete(settings), Registry, FileImageDecoder.Instance);
    }

    /// <summary>Checks and starts a job (the checks read the training images, so call it off the UI thread).</summary>
    /// <exception cref="FineTuneRefusedException">The request, or the moment, is refused; the message says why.</exception>
    public void Start(FineTuneSettings settings)
    {
        lock (_gate)
        {
            if (_status.State is not (FineTuneState.None or FineTuneState.Completed or FineTuneState.Failed))
                throw new FineTuneRefusedException(
                    $"the fine-tuning of '{_status.Settings!.NewId}' is {_status.State.ToString().ToLowerInvariant()}; cancel it (or let it finish) first");
            SetState(FineTuneState.Preparing, Complete(settings), message: null, resetCurve: true);
        }
        try
        {
            RefuseWhileEvaluating();
            var plan = Plan(settings);
            new FineTuneJobFile(plan.Settings, Paused: false).Save(Folder);
            Launch(plan);
        }
        catch (FineTuneRefusedException)
        {
            lock (_gate)
                SetState(FineTuneState.None, null, message: null, resetCurve: true);
            throw;
        }
    }

    /// <summary>Asks the training job to stop at the end of its step and keep a checkpoint.</summary>
    public void Pause()
    {
        lock (_gate)
        {
            // While preparing there is no step to stop at yet; the buttons appear once training has begun.
            if (_status.State is not FineTuneState.Training)
                return;
            SetState(FineTuneState.Pausing);
            _stop?.Cancel();
        }
    }

    /// <summary>Continues a paused (or failed) job from its checkpoint.</summary>
    /// <exception cref="FineTuneRefusedException">It cannot continue (the data changed, an evaluation runs…).</exception>
    public void Resume()
    {
        FineTuneSettings settings;
        lock (_gate)
        {
            if (_status.State is not (FineTuneState.Paused or FineTuneState.Failed) || _status.Settings is null)
                return;
            settings = _status.Settings;
            SetState(FineTuneState.Preparing, settings, message: null);
        }
        try
        {
            RefuseWhileEvaluating();
            var plan = Plan(settings);
            new FineTuneJobFile(plan.Settings, Paused: false).Save(Folder);
            Launch(plan);
        }
        catch (Exception e) when (e is FineTuneRefusedException or IOException)
        {
            lock (_gate)
                SetState(FineTuneState.Paused, settings, e.Message);
            throw new FineTuneRefusedException(e.Message);
        }
    }

    /// <summary>Stops the job and removes its checkpoint and record: nothing half-written is kept.</summary>
    public async Task CancelAsync()
    {
        Task job;
        lock (_gate)
        {
            if (_status.Settings is null || _status.State is FineTuneState.Completed or FineTuneState.None or FineTuneState.Preparing)
                return;
            _cancelRequested = true;
            job = _job;
            if (_status.IsBusy)
            {
                SetState(FineTuneState.Cancelling);
                _stop?.Cancel();
            }
        }
        await job;
        lock (_gate)
        {
            if (_status.State is FineTuneState.Paused or FineTuneState.Failed or FineTuneState.Cancelling)
                Discard(_status.Settings!, _status.Step);
            _cancelRequested = false;
        }
    }

    /// <summary>Clears a finished or failed job from the view (a failed job's checkpoint stays on disk).</summary>
    public void Dismiss()
    {
        lock (_gate)
        {
            if (_status.State is FineTuneState.Completed)
                SetState(FineTuneState.None, null, message: null, resetCurve: true);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        stoppingToken.Register(() =>
        {
            lock (_gate)
                _stop?.Cancel();
        });
        var job = FineTuneJobFile.Newest(Folder);
        if (job is null)
            return Task.CompletedTask;
        if (job.Paused)
        {
            lock (_gate)
            {
                RestoreHistory(job.Settings);
                SetState(FineTuneState.Paused, job.Settings, "Paused before the dashboard restarted; Resume continues from the last checkpoint.");
            }
            return Task.CompletedTask;
        }
        // Resume by itself, as the run queue takes up interrupted runs; off the start-up path (it reads the images).
        return Task.Run(() =>
        {
            try
            {
                lock (_gate)
                {
                    RestoreHistory(job.Settings);
                    SetState(FineTuneState.Paused, job.Settings, message: null);
                }
                Resume();
                logger.LogInformation("Resumed fine-tuning {Id} from its checkpoint", job.Settings.NewId);
            }
            catch (FineTuneRefusedException e)
            {
                logger.LogWarning("Fine-tuning {Id} could not resume: {Reason}", job.Settings.NewId, e.Message);
            }
        }, CancellationToken.None);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _hostStopping = true;
        await base.StopAsync(cancellationToken);
        Task job;
        lock (_gate)
        {
            _stop?.Cancel();
            job = _job;
        }
        await job.WaitAsync(cancellationToken);
    }

    private void RefuseWhileEvaluating()
    {
        var now = DateTime.UtcNow;
        var running = engine.Store.ListRuns().FirstOrDefault(r => r.Status == RunStatus.Running && r.LeaseExpiresUtc > now);
        if (running is not null)
            throw new FineTuneRefusedException(
                $"run #{running.Id} is evaluating; on this machine one heavy job runs at a time. Start the fine-tuning when it has finished (or pause it)");
    }

    private void Launch(FineTunePlan plan)
    {
        lock (_gate)
        {
            _stop?.Dispose();
            _stop = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
            var token = _stop.Token;
            SetState(FineTuneState.Training, plan.Settings, message: null);
            _job = Task.Run(() => Train(plan, token), CancellationToken.None);
        }
    }

    private void Train(FineTunePlan plan, CancellationToken token)
    {
        var settings = plan.Settings;
        try
        {
            var outcome = new FineTuneJob(plan).Run(new Reporter(this), token);
            lock (_gate)
            {
                if (outcome.Completed)
                {
                    FineTuneJobFile.Delete(Folder, settings.NewId);
                    (engine.Methods as ModelMethodCatalog)?.Rescan(ModelFolders(options.Value));
                    _status = _status with { State = FineTuneState.Completed, Step = outcome.Steps, Elapsed = outcome.Elapsed, Model = outcome.Card, Message = null };
                }
                else if (_cancelRequested)
                    Discard(settings, outcome.Steps);
                else if (_hostStopping || _stopping.IsCancellationRequested)
                    _status = _status with { State = FineTuneState.Paused, Message = "The dashboard is stopping; the job resumes when it starts again." };
                else
                {
                    new FineTuneJobFile(settings, Paused: true).Save(Folder);
                    _status = _status with { State = FineTuneState.Paused, Message = $"Paused at step {outcome.Steps}; the checkpoint keeps every step." };
                }
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Fine-tuning {Id} stopped with an error", settings.NewId);
            lock (_gate)
            {
                TryMarkPaused(settings);
                _status = _status with { State = FineTuneState.Failed, Message = e is FineTuneRefusedException or IOException ? e.Message : $"Training stopped: {e.Message}" };
            }
        }
        Announce(force: true);
    }

    // Under _gate: the curve from before the restart, as the job's checkpoint holds it (the job resumes from there, so
    // the steps it takes next continue this curve); none without a readable checkpoint.
    private void RestoreHistory(FineTuneSettings settings)
    {
        if (TrainingCheckpoint.ReadHistory(CheckpointPath(settings)) is { } saved)
            _history.ReplaceWith(saved);
    }

    private string CheckpointPath(FineTuneSettings settings) => Path.Combine(Folder, settings.NewId + ".checkpoint");

    // Under _gate: the checkpoint and the job record go; the split lists are only written with the model.
    private void Discard(FineTuneSettings settings, long steps)
    {
        File.Delete(CheckpointPath(settings));
        FineTuneJobFile.Delete(Folder, settings.NewId);
        SetState(FineTuneState.None, null, $"Cancelled the fine-tuning of '{settings.NewId}' at step {steps}; its checkpoint was removed and no model was written.",
            resetCurve: true);
    }

    private void TryMarkPaused(FineTuneSettings settings)
    {
        try
        {
            new FineTuneJobFile(settings, Paused: true).Save(Folder);
        }
        catch (IOException)
        {
            // the disk refuses even the small record; the job is then not offered after a restart
        }
    }

    // Under _gate.
    private void SetState(FineTuneState state, FineTuneSettings? settings, string? message, bool resetCurve = false)
    {
        if (resetCurve)
        {
            _history.Clear();
            _status = FineTuneStatus.Empty;
        }
        _status = _status with { State = state, Settings = settings, Message = message, Losses = [.. _history.Losses], HeldOut = [.. _history.HeldOut] };
        Announce(force: true, underGate: true);
    }

    private void SetState(FineTuneState state) => SetState(state, _status.Settings, _status.Message);

    private void Record(TrainingProgress p)
    {
        if (p.ResumedFrom is { } from)
            logger.LogInformation("Fine-tuning resumed from the checkpoint at step {Step}", from);
        bool force;
        lock (_gate)
        {
            _history.Add(new LossPoint(p.Step, p.Loss, p.MeanLoss));
            if (p.HeldOutPsnr is { } psnr)
                _history.Add(new HeldOutPoint(p.Step, psnr));
            _status = _status with
            {
                Step = p.Step,
                TotalSteps = p.TotalSteps,
                PatchesPerSecond = p.PatchesPerSecond,
                Elapsed = p.Elapsed,
                ResumedFrom = p.ResumedFrom ?? _status.ResumedFrom,
                LastCheckpointUtc = p.CheckpointSaved ? DateTime.UtcNow : _status.LastCheckpointUtc,
            };
            force = p.HeldOutPsnr is not null || p.ResumedFrom is not null || p.Step == p.TotalSteps;
        }
        Announce(force);
    }

    private void Announce(bool force, bool underGate = false)
    {
        var now = DateTime.UtcNow;
        if (!force && now - _announced < AnnounceInterval)
            return;
        _announced = now;
        if (!underGate)
            lock (_gate)
                _status = _status with { Losses = [.. _history.Losses], HeldOut = [.. _history.HeldOut] };
        else
            _status = _status with { Losses = [.. _history.Losses], HeldOut = [.. _history.HeldOut] };
        // Off the lock and off the training thread: a slow subscriber never holds up a step.
        var handlers = Changed;
        if (handlers is not null)
            ThreadPool.QueueUserWorkItem(_ => handlers());
    }

    /// <summary>Reports on the training thread itself, in step order.</summary>
    private sealed class Reporter(FineTuneService service) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => service.Record(value);
    }
}
