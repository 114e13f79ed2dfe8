using System.CommandLine;
using System.Runtime.InteropServices;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Training;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Cli;

/// <summary><c>models finetune</c>: trains a copy of a model on a data folder's training images and writes it, with
/// its card and the split, to the user model folder (or <c>--out</c>); running the same command again after an
/// interruption resumes from the checkpoint. It prints only progress and confirmations, so all of it goes to standard
/// error; standard output stays empty for pipes.</summary>
public static class ModelsFinetuneCommand
{
    private static readonly TimeSpan PrintInterval = TimeSpan.FromSeconds(5);

    public static Command Create(TextWriter error)
    {
        var baseId = new Option<string>("--base") { Description = "Id of the model to start from (see models list)", Required = true };
        var data = new Option<string>("--data") { Description = "Data folder: one sub-folder per category", Required = true };
        var id = new Option<string>("--id") { Description = "Id of the fine-tuned model", Required = true };
        var heldOut = new Option<double>("--held-out") { Description = "Share of each category held out, inside (0, 1)", DefaultValueFactory = _ => DataSplitter.DefaultHeldOutFraction };
        var seed = new Option<long>("--seed") { Description = "Seed of the split and the patch sampling", DefaultValueFactory = _ => 1 };
        var steps = new Option<long?>("--steps") { Description = $"Optimiser steps (default {FineTuneSettings.DefaultSteps}; excludes --minutes)" };
        var minutes = new Option<double?>("--minutes") { Description = "Train for this many minutes instead of a step count" };
        var patch = new Option<int>("--patch") { Description = "Low-resolution patch side in pixels (the original patch is patch × scale)", DefaultValueFactory = _ => FineTuneSettings.DefaultPatch };
        var batch = new Option<int>("--batch") { Description = "Patches per step", DefaultValueFactory = _ => FineTuneSettings.DefaultBatch };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate", DefaultValueFactory = _ => FineTuneSettings.DefaultLearningRate };
        var outDir = new Option<string?>("--out") { Description = $"Output folder (default {ModelRegistry.UserFolder()}; never the bundled models/)" };
        var validateEvery = new Option<int>("--validate-every") { Description = "Print the held-out PSNR every N steps (0 = never read the held-out images)", DefaultValueFactory = _ => 0 };
        var checkpointMinutes = new Option<double>("--checkpoint-minutes") { Description = "Minutes between checkpoints (0 = after every step)", DefaultValueFactory = _ => FineTuneSettings.DefaultCheckpointMinutes };
        var force = new Option<bool>("--force") { Description = "Replace a fine-tuned model with the same id (never a bundled one)" };

        var command = new Command("finetune", "Fine-tune a model on a data folder's training images; the held-out images are never read for training")
        {
            baseId, data, id, heldOut, seed, steps, minutes, patch, batch, lr, outDir, validateEvery, checkpointMinutes, force,
        };
        command.SetAction(async (parse, _) =>
        {
            var settings = new FineTuneSettings(parse.GetValue(baseId)!, parse.GetValue(data)!, parse.GetValue(id)!,
                parse.GetValue(heldOut), parse.GetValue(seed), parse.GetValue(steps), parse.GetValue(minutes), parse.GetValue(patch),
                parse.GetValue(batch), parse.GetValue(lr), parse.GetValue(outDir), parse.GetValue(validateEvery),
                parse.GetValue(checkpointMinutes), parse.GetValue(force));
            FineTunePlan plan;
            try
            {
                var registry = ((ModelMethodCatalog)EngineContext.CreateMethodCatalog()).Registry;
                plan = FineTunePlanner.Plan(settings, registry, FileImageDecoder.Instance);
            }
            catch (FineTuneRefusedException e)
            {
                throw new UsageException(e.Message);
            }
            return await RunAsync(plan, error);
        });
        return command;
    }

    private static async Task<int> RunAsync(FineTunePlan plan, TextWriter error)
    {
        var s = plan.Settings;
        string budget = plan.Steps is { } total ? $"{total} steps" : ($"{s.Minutes} minutes");
        await error.WriteLineAsync((
            $"Fine-tuning {plan.Base.Id} into {s.NewId} on {TorchRuntime.DeviceName}: {plan.TrainImages.Count} training images, " +
            $"{plan.Split.HeldOut.Count} held out, {plan.Unusable.Count} unusable; {budget} of {s.Batch} patches {s.Patch}×{s.Patch}, " +
            $"learning rate {s.LearningRate}"));
        foreach (var unusable in plan.Unusable)
            await error.WriteLineAsync($"not used: {unusable.RelativePath}: {unusable.Reason}");

        using var interrupt = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; interrupt.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; interrupt.Cancel(); });

        var printed = DateTime.MinValue;
        var progress = new SynchronousProgress(p =>
        {
            if (p.ResumedFrom is { } from)
                error.WriteLine($"Resumed from the checkpoint at step {from}");
            bool last = p.Step == p.TotalSteps;
            if (p.HeldOutPsnr is not null || p.CheckpointSaved || last || DateTime.UtcNow - printed >= PrintInterval)
            {
                error.WriteLine(Describe(p));
                printed = DateTime.UtcNow;
            }
        });

        FineTuneOutcome outcome;
        try
        {
            outcome = await Task.Run(() => new FineTuneJob(plan).Run(progress, interrupt.Token));
        }
        catch (FineTuneRefusedException e)
        {
            throw new UsageException(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: the model could not be written: {e.Message}. No model was offered; " +
                                       "fix the folder and run the same command again (it resumes from the checkpoint if one was kept)");
            return ExitCodes.Failed;
        }

        if (!outcome.Completed)
        {
            await error.WriteLineAsync($"Interrupted at step {outcome.Steps}; checkpoint {outcome.CheckpointPath}. Run the same command again to resume");
            return ExitCodes.Interrupted;
        }
        await error.WriteLineAsync((
            $"Wrote {outcome.OnnxPath} (sha256 {outcome.Card!.Sha256}) and its card: {outcome.Steps} steps, final loss " +
            $"{outcome.FinalLoss:0.###} grey levels, {outcome.Elapsed.TotalSeconds:0.#} s, {outcome.PatchesPerSecond:0.##} patches/s"));
        await error.WriteLineAsync($"Held-out images: {plan.HeldOutListPath}; training images: {plan.TrainListPath}");
        return ExitCodes.Completed;
    }

    // The application runs with invariant globalization, so interpolation formats numbers invariantly.
    private static string Describe(TrainingProgress p)
    {
        string total = p.TotalSteps is { } t ? "/" + t : "";
        string psnr = p.HeldOutPsnr is { } value ? ($", held-out PSNR {value:0.###} dB") : "";
        string checkpoint = p.CheckpointSaved ? ", checkpoint saved" : "";
        return ($"step {p.Step}{total}: loss {p.Loss:0.###} (mean {p.MeanLoss:0.###}) grey levels{psnr}, " +
                         $"{p.PatchesPerSecond:0.##} patches/s, {p.Elapsed.TotalSeconds:0} s{checkpoint}");
    }

    /// <summary>Reports on the training thread itself (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
