using System.Diagnostics;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Engine.Training;

/// <summary>Runs a <see cref="FineTunePlan"/>: translates the base model, resumes from the plan's checkpoint when
/// there is one, takes Adam steps on sampled patches until the budget is spent, reports every step, writes a
/// checkpoint every few minutes and when cancelled, and finally writes the fine-tuned model and removes the
/// checkpoint.</summary>
/// <remarks>Cancellation is the pause: the job stops at the next step boundary, saves a checkpoint and returns an
/// outcome that is not <see cref="FineTuneOutcome.Completed"/>; running the same plan again continues from there and
/// ends with the same weights as an uninterrupted run. A kill loses at most the steps since the last checkpoint.</remarks>
public sealed class FineTuneJob
{
    /// <summary>Steps whose mean loss is the card's final loss.</summary>
    public const int FinalLossWindow = 100;

    private readonly FineTunePlan _plan;
    private readonly IImageDecoder _heldOutDecoder;

    /// <param name="plan">The checked request.</param>
    /// <param name="heldOutDecoder">Reads held-out images for the progress PSNR (only when
    /// <see cref="FineTuneSettings.ValidateEvery"/> is set).</param>
    public FineTuneJob(FineTunePlan plan, IImageDecoder? heldOutDecoder = null)
    {
        _plan = plan;
        _heldOutDecoder = heldOutDecoder ?? FileImageDecoder.Instance;
    }

    /// <summary>Runs the job on the calling thread.</summary>
    /// <exception cref="IOException">The model or a checkpoint could not be written (e.g. disk full).</exception>
    /// <exception cref="FineTuneRefusedException">The checkpoint belongs to other settings.</exception>
    public FineTuneOutcome Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default)
    {
        var plan = _plan;
        var settings = plan.Settings;
        var card = plan.Base.Card;
        var device = TorchRuntime.Device;
        using var network = OnnxTorchTranslator.Translate(File.ReadAllBytes(plan.Base.OnnxPath), device);
        using var trainer = new FineTuneTrainer(network, card, settings.LearningRate, device);

        string fingerprint = TrainingCheckpoint.FingerprintOf(plan);
        if (settings.Force && File.Exists(plan.CheckpointPath) && !SameFingerprint(plan.CheckpointPath, fingerprint, trainer))
            File.Delete(plan.CheckpointPath);
        var resumed = TrainingCheckpoint.Resume(plan.CheckpointPath, fingerprint, trainer);
        var random = resumed is null ? new TrainingRandom(settings.Seed) : TrainingRandom.Restore(resumed.RandomState);
        long step = resumed?.Step ?? 0;
        double elapsedBefore = resumed?.ElapsedSeconds ?? 0;
        var losses = new Queue<double>(resumed?.RecentLosses ?? []);
        var history = resumed?.History() ?? new TrainingHistory();

        var sampler = new PatchSampler(plan.TrainImages, new GrayModelInput(card), settings.Patch, card.Scale);
        var probe = new HeldOutProbe(plan.Split.HeldOut, _heldOutDecoder, card);
        var session = Stopwatch.StartNew();
        var sinceCheckpoint = Stopwatch.StartNew();
        long sessionSteps = 0;
        TimeSpan Elapsed() => TimeSpan.FromSeconds(elapsedBefore) + session.Elapsed;
        double Throughput() => sessionSteps * settings.Batch / Math.Max(session.Elapsed.TotalSeconds, 1e-9);
        double MeanLoss() => losses.Count == 0 ? double.NaN : losses.Average();
        TrainingCheckpoint Checkpoint() =>
            new(fingerprint, step, random.State, Elapsed().TotalSeconds, [.. losses], [.. history.Losses], [.. history.HeldOut]);
        bool Done() => plan.Steps is { } total ? step >= total : Elapsed().TotalMinutes >= settings.Minutes!.Value;

        long? resumedFrom = resumed?.Step;
        while (!Done())
        {
            if (cancellation.IsCancellationRequested)
            {
                Checkpoint().Save(plan.CheckpointPath, trainer);
                return new FineTuneOutcome(false, step, null, null, plan.CheckpointPath, Elapsed(), Throughput(), MeanLoss());
            }
            double loss = trainer.Step(sampler.Sample(random, settings.Batch));
            step++;
            sessionSteps++;
            losses.Enqueue(loss);
            while (losses.Count > FinalLossWindow)
                losses.Dequeue();

            double? psnr = settings.ValidateEvery > 0 && step % settings.ValidateEvery == 0 ? probe.MeanPsnr(network.ToOnnx()) : null;
            history.Add(new LossPoint(step, loss, MeanLoss()));
            if (psnr is { } measured)
                history.Add(new HeldOutPoint(step, measured));
            bool save = sinceCheckpoint.Elapsed.TotalMinutes >= settings.CheckpointMinutes && !Done();
            if (save)
            {
                Checkpoint().Save(plan.CheckpointPath, trainer);
                sinceCheckpoint.Restart();
            }
            progress?.Report(new TrainingProgress(step, plan.Steps, loss, MeanLoss(), psnr, Elapsed(), Throughput(), save, resumedFrom));
            resumedFrom = null;
        }

        var onnx = network.ToOnnx();
        var written = FineTunedModelWriter.CardFor(plan, Models.ModelFiles.Sha256(onnx), step, MeanLoss(), Elapsed());
        string onnxPath;
        try
        {
            onnxPath = FineTunedModelWriter.Write(plan, written, onnx);
        }
        catch (IOException)
        {
            TrySaveCheckpoint(Checkpoint(), plan.CheckpointPath, trainer);
            throw;
        }
        File.Delete(plan.CheckpointPath);
        return new FineTuneOutcome(true, step, written, onnxPath, plan.CheckpointPath, Elapsed(), Throughput(), MeanLoss());
    }

    private static bool SameFingerprint(string path, string fingerprint, FineTuneTrainer trainer)
    {
        try
        {
            return TrainingCheckpoint.Resume(path, fingerprint, trainer) is not null;
        }
        catch (FineTuneRefusedException)
        {
            return false;
        }
    }

    // The model could not be written: keep the steps if the disk still takes a checkpoint, so a rerun finishes at once.
    private static void TrySaveCheckpoint(TrainingCheckpoint checkpoint, string path, FineTuneTrainer trainer)
    {
        try
        {
            checkpoint.Save(path, trainer);
        }
        catch (IOException)
        {
        }
    }
}
