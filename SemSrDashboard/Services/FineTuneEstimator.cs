using System.Diagnostics;
using SemSrDashboard.Engine.Training;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Services;

/// <summary>Estimates a fine-tuning request before it starts, as the New run dialog estimates a run: the request is
/// checked (same refusals as starting it), the base model translated, and one step timed after an untimed warm-up
/// step on patches of the real training images. The steps change only a throw-away copy of the weights.</summary>
public sealed class FineTuneEstimator(FineTuneService fineTune)
{
    /// <exception cref="FineTuneRefusedException">The request would be refused; the message says why.</exception>
    public FineTuneEstimate Estimate(FineTuneSettings settings)
    {
        var plan = fineTune.Plan(settings);
        var card = plan.Base.Card;
        var device = TorchRuntime.Device;
        using var network = OnnxTorchTranslator.Translate(File.ReadAllBytes(plan.Base.OnnxPath), device);
        using var trainer = new FineTuneTrainer(network, card, plan.Settings.LearningRate, device);
        var sampler = new PatchSampler(plan.TrainImages, new GrayModelInput(card), plan.Settings.Patch, card.Scale);
        var random = new TrainingRandom(plan.Settings.Seed);
        trainer.Step(sampler.Sample(random, plan.Settings.Batch));
        var timer = Stopwatch.StartNew();
        trainer.Step(sampler.Sample(random, plan.Settings.Batch));
        double perStep = timer.Elapsed.TotalSeconds;

        long steps;
        TimeSpan duration;
        if (plan.Steps is { } total)
        {
            steps = total;
            duration = TimeSpan.FromSeconds(total * perStep);
        }
        else
        {
            duration = TimeSpan.FromMinutes(plan.Settings.Minutes!.Value);
            steps = (long)Math.Floor(duration.TotalSeconds / perStep);
        }
        return new FineTuneEstimate(perStep, steps, duration, plan.TrainImages.Count, plan.Split.HeldOut.Count, plan.Unusable.Count);
    }
}
