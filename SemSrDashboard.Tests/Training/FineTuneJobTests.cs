using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Training;
using SemSrDashboard.Engine.Upsampling;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SemSrDashboard.Tests.Training;

[Collection(TrainingCollection.Name)]
public sealed class FineTuneJobTests(ITestOutputHelper output) : IDisposable
{
    private readonly TrainingWorkspace _workspace = new();

    [Fact]
    public void Loss_decreases_when_training_on_one_fixed_batch()
    {
        var plan = _workspace.Plan(_workspace.Tiny());
        var card = plan.Base.Card;
        var batch = new PatchSampler(plan.TrainImages, new GrayModelInput(card), 12, card.Scale).Sample(new TrainingRandom(3), 4);
        using var network = OnnxTorchTranslator.Translate(File.ReadAllBytes(plan.Base.OnnxPath), CPU);
        using var trainer = new FineTuneTrainer(network, card, FineTuneSettings.DefaultLearningRate, CPU);
        // Adam's first steps move every weight by about the learning rate, which shakes the pretrained network
        // before the loss falls (6.9, 9.3, 7.2, ... 6.5 after 12 steps at 1e-4 on this batch).
        var losses = Enumerable.Range(0, 30).Select(_ => trainer.Step(batch)).ToList();
        output.WriteLine("losses: " + string.Join(", ", losses.Select(l => l.ToString("0.###"))));
        Assert.True(losses[^1] < 0.95 * losses[0], $"loss went from {losses[0]} to {losses[^1]}");
    }

    [Fact]
    public void Same_seed_data_and_settings_give_the_same_weights_and_another_seed_does_not()
    {
        var first = new FineTuneJob(_workspace.Plan(_workspace.Tiny("first"))).Run();
        var second = new FineTuneJob(_workspace.Plan(_workspace.Tiny("second"))).Run();
        var other = new FineTuneJob(_workspace.Plan(_workspace.Tiny("other") with { Seed = 2 })).Run();
        double difference = TrainedWeights.LargestDifference(first.OnnxPath!, second.OnnxPath!);
        output.WriteLine($"largest weight difference between two runs: {difference}");
        Assert.Equal(0, difference);
        Assert.Equal(first.Card!.Sha256, second.Card!.Sha256);
        Assert.NotEqual(first.Card.Sha256, other.Card!.Sha256);
        Assert.NotEqual(OnnxTestFiles.BaseSha256, first.Card.Sha256);
    }

    [Fact]
    public void Held_out_images_are_never_read_for_training_and_measuring_them_changes_nothing()
    {
        var trainingDecoder = new CountingDecoder();
        var plan = _workspace.Plan(_workspace.Tiny("blind"), trainingDecoder);
        var quiet = new FineTuneJob(plan, new CountingDecoder()).Run();
        var heldOut = plan.Split.HeldOut.Select(i => i.FullPath).ToHashSet();
        Assert.Equal(4, heldOut.Count);
        Assert.Equal(plan.Split.Train.Select(i => i.FullPath).Order(), trainingDecoder.Opens.Keys.Order());
        Assert.DoesNotContain(trainingDecoder.Opens.Keys, heldOut.Contains);

        // With the held-out PSNR measured every step, only the probe reads the held-out images, and the weights
        // come out identical: the measurement does not feed back into training.
        var probeDecoder = new CountingDecoder();
        var progress = new List<TrainingProgress>();
        var watched = new FineTuneJob(_workspace.Plan(_workspace.Tiny("watched", validateEvery: 1)), probeDecoder)
            .Run(new Progress(progress.Add));
        Assert.Equal(heldOut.Order(), probeDecoder.Opens.Keys.Order());
        Assert.All(progress, p => Assert.InRange(p.HeldOutPsnr!.Value, 15, 60));
        Assert.Equal(quiet.Card!.Sha256, watched.Card!.Sha256);
    }

    [Fact]
    public void A_cancelled_job_resumes_from_its_checkpoint_to_the_weights_of_an_uninterrupted_run()
    {
        var uninterrupted = new FineTuneJob(_workspace.Plan(_workspace.Tiny("whole", steps: 5))).Run();

        string resumedOut = Path.Combine(_workspace.Folder, "resumed");
        var settings = _workspace.Tiny("whole", steps: 5, outDir: resumedOut);
        using var cancel = new CancellationTokenSource();
        var stopped = new FineTuneJob(_workspace.Plan(settings)).Run(new Progress(p => { if (p.Step == 2) cancel.Cancel(); }), cancel.Token);
        Assert.False(stopped.Completed);
        Assert.Equal(2, stopped.Steps);
        Assert.True(File.Exists(stopped.CheckpointPath));
        Assert.False(File.Exists(Path.Combine(resumedOut, "whole.onnx")));

        var events = new List<TrainingProgress>();
        var finished = new FineTuneJob(_workspace.Plan(settings)).Run(new Progress(events.Add));
        Assert.True(finished.Completed);
        Assert.Equal(2, events[0].ResumedFrom);
        Assert.Equal(3, events[0].Step);
        Assert.Equal(5, finished.Steps);
        Assert.False(File.Exists(finished.CheckpointPath));
        Assert.Equal(uninterrupted.Card!.Sha256, finished.Card!.Sha256);
    }

    [Fact]
    public void A_paused_job_keeps_its_loss_curve_and_held_out_points_in_the_checkpoint_and_continues_them()
    {
        var settings = _workspace.Tiny("curve", steps: 6, validateEvery: 2);
        using var cancel = new CancellationTokenSource();
        var before = new List<TrainingProgress>();
        var stopped = new FineTuneJob(_workspace.Plan(settings)).Run(new Progress(p =>
        {
            before.Add(p);
            if (p.Step == 4)
                cancel.Cancel();
        }), cancel.Token);
        Assert.Equal(4, stopped.Steps);

        var saved = TrainingCheckpoint.ReadHistory(stopped.CheckpointPath)!;
        Assert.Equal(before.Select(p => new LossPoint(p.Step, p.Loss, p.MeanLoss)), saved.Losses);
        Assert.Equal([2L, 4L], saved.HeldOut.Select(h => h.Step));
        Assert.Equal(before.Where(p => p.HeldOutPsnr is not null).Select(p => p.HeldOutPsnr!.Value), saved.HeldOut.Select(h => h.Psnr));

        // Resumed, the job saves the curve from step 1 on; a pause at step 5 shows the pre-pause points unchanged.
        using var again = new CancellationTokenSource();
        var resumed = new FineTuneJob(_workspace.Plan(settings)).Run(new Progress(p => { if (p.Step == 5) again.Cancel(); }), again.Token);
        Assert.Equal(5, resumed.Steps);
        var continued = TrainingCheckpoint.ReadHistory(resumed.CheckpointPath)!;
        Assert.Equal([1L, 2L, 3L, 4L, 5L], continued.Losses.Select(l => l.Step));
        Assert.Equal(saved.Losses, continued.Losses.Take(4));
        Assert.Equal(saved.HeldOut, continued.HeldOut);
    }

    [Fact]
    public void A_full_loss_curve_drops_every_other_inner_point_and_keeps_both_ends()
    {
        var history = new TrainingHistory();
        for (int step = 1; step <= TrainingHistory.MaxLossPoints + 1; step++)
            history.Add(new LossPoint(step, step, step));
        Assert.Equal(TrainingHistory.MaxLossPoints / 2 + 1, history.Losses.Count);
        Assert.Equal(1, history.Losses[0].Step);
        Assert.Equal(TrainingHistory.MaxLossPoints + 1, history.Losses[^1].Step);
        Assert.Equal(3, history.Losses[1].Step);
        Assert.Null(TrainingCheckpoint.ReadHistory(Path.Combine(_workspace.Folder, "none.checkpoint")));
    }

    [Fact]
    public void The_written_model_is_offered_with_its_lineage_and_split_lists()
    {
        var plan = _workspace.Plan(_workspace.Tiny("offered"));
        var outcome = new FineTuneJob(plan).Run();
        var registry = ModelRegistry.Scan([_workspace.Out]);
        var model = Assert.Single(registry.Models);
        Assert.Empty(registry.Problems);
        Assert.Equal("offered", model.Id);
        var lineage = model.Card.Lineage!;
        Assert.Equal("rdn-slim-x4", lineage.BaseId);
        Assert.Equal(OnnxTestFiles.BaseSha256, lineage.BaseSha256);
        Assert.Equal(_workspace.Data, lineage.DataFolder);
        Assert.Equal(plan.Split.TrainPaths, lineage.TrainImages);
        Assert.Equal(plan.Split.HeldOutPaths, lineage.HeldOutImages);
        Assert.Equal(9, lineage.TrainImages.Count + lineage.HeldOutImages.Count);
        Assert.Contains("Nanowires/deepsem__130nm_21_cropped.png", lineage.TrainImages.Concat(lineage.HeldOutImages));
        Assert.Equal((1L, 3L, 12, 2, 1e-4), (lineage.Seed, lineage.Steps, lineage.Patch, lineage.Batch, lineage.LearningRate));
        Assert.Equal(outcome.FinalLoss, lineage.FinalLoss);
        Assert.True(lineage.FinalLoss > 0 && lineage.WallSeconds > 0);
        Assert.Equal("0.107.0", lineage.Libraries["TorchSharp"]);
        Assert.StartsWith("2.10", lineage.Libraries["LibTorch"]);
        Assert.Equal(lineage.HeldOutImages.Select(p => p + "\n"), File.ReadLines(plan.HeldOutListPath).Select(l => l + "\n"));
        Assert.Equal(lineage.TrainImages, File.ReadAllLines(plan.TrainListPath));
        Assert.Equal(ModelCard.Load(Path.Combine(_workspace.Out, "offered.card.json")), model.Card);

        // The fine-tuned network runs like any other model.
        using var upsampler = OnnxUpsampler.Open(model.OnnxPath, model.Card, Devices.Cpu);
        var output = upsampler.Upsample(plan.TrainImages[0].LowResolution, 4);
        Assert.Equal(plan.TrainImages[0].HighResolution.Width, output.Width);
    }

    public void Dispose() => _workspace.Dispose();

    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    private static class OnnxTestFiles
    {
        public static string BaseSha256 => Upsampling.OnnxTestModels.BundledCard("rdn-slim-x4").Sha256;
    }
}
