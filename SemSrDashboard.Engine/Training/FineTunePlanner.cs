using System.Globalization;
using System.Text.RegularExpressions;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Scanning;

namespace SemSrDashboard.Engine.Training;

/// <summary>Checks a fine-tuning request and resolves it into a <see cref="FineTunePlan"/>, or refuses it with the
/// reason, before any training: bad numbers, ids that are taken or reserved, a base model the translator cannot
/// handle, too few usable training images. Reads only the base model and the training images.</summary>
public static partial class FineTunePlanner
{
    /// <exception cref="FineTuneRefusedException">The request cannot be run; the message says why.</exception>
    public static FineTunePlan Plan(FineTuneSettings settings, ModelRegistry registry, IImageDecoder decoder)
    {
        CheckNumbers(settings);
        string outFolder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(settings.OutDir ?? ModelRegistry.UserFolder()));
        CheckNewId(settings, registry, outFolder);
        var baseModel = CheckBase(settings.BaseId, registry);

        var dataRoot = Path.GetFullPath(settings.DataRoot);
        DatasetScan scan;
        try
        {
            scan = DatasetScanner.Scan(dataRoot);
        }
        catch (DirectoryNotFoundException)
        {
            throw new FineTuneRefusedException($"data folder not found: {settings.DataRoot}");
        }
        var split = DataSplitter.Split(scan.Images, settings.HeldOutFraction, settings.Seed);
        int minimum = FineTuneSettings.MinimumTrainingImages;
        if (split.Train.Count < minimum)
            throw new FineTuneRefusedException(
                $"too few images: {scan.Images.Count} found in {dataRoot}, {split.Train.Count} left for training after holding out " +
                $"{split.HeldOut.Count}; at least {minimum} training images are needed");
        var (usable, unusable) = TrainingImages.PrepareAll(split.Train, decoder, baseModel.Card.Scale, settings.Patch);
        if (usable.Count < minimum)
            throw new FineTuneRefusedException(
                $"too few usable training images: {usable.Count} of {split.Train.Count} hold a {settings.Patch}×{settings.Patch} " +
                $"patch; at least {minimum} are needed. " + string.Join("; ", unusable.Select(u => $"{u.RelativePath}: {u.Reason}")));
        return new FineTunePlan(settings, baseModel, dataRoot, split, usable, unusable, outFolder);
    }

    /// <summary>Why <paramref name="newId"/> cannot be the id of a new fine-tuned model written to
    /// <paramref name="outDir"/> (null: the user model folder) without --force; null when it can. The same refusals as
    /// <see cref="Plan"/>, for forms that check the id as it is typed.</summary>
    public static string? NewIdRefusal(string newId, ModelRegistry registry, string? outDir)
    {
        string outFolder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outDir ?? ModelRegistry.UserFolder()));
        try
        {
            CheckNewId(new FineTuneSettings("", "", newId, OutDir: outFolder), registry, outFolder);
            return null;
        }
        catch (FineTuneRefusedException e)
        {
            return e.Message;
        }
    }

    private static void CheckNumbers(FineTuneSettings s)
    {
        static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
        if (!(s.HeldOutFraction > 0 && s.HeldOutFraction < 1))
            throw new FineTuneRefusedException($"--held-out must lie inside (0, 1), got {Invariant(s.HeldOutFraction)}");
        if (s.Steps is not null && s.Minutes is not null)
            throw new FineTuneRefusedException("give either --steps or --minutes, not both");
        if (s.Steps is < 1)
            throw new FineTuneRefusedException($"--steps must be at least 1, got {s.Steps}");
        if (s.Minutes is { } minutes && !(minutes > 0 && double.IsFinite(minutes)))
            throw new FineTuneRefusedException($"--minutes must be a positive number, got {Invariant(minutes)}");
        if (s.Patch < 4)
            throw new FineTuneRefusedException($"--patch must be at least 4 pixels, got {s.Patch}");
        if (s.Batch < 1)
            throw new FineTuneRefusedException($"--batch must be at least 1, got {s.Batch}");
        if (!(s.LearningRate > 0 && double.IsFinite(s.LearningRate)))
            throw new FineTuneRefusedException($"--lr must be a positive number, got {Invariant(s.LearningRate)}");
        if (s.ValidateEvery < 0)
            throw new FineTuneRefusedException($"--validate-every must be 0 or more, got {s.ValidateEvery}");
        if (!(s.CheckpointMinutes >= 0 && double.IsFinite(s.CheckpointMinutes)))
            throw new FineTuneRefusedException($"--checkpoint-minutes must be 0 or more, got {Invariant(s.CheckpointMinutes)}");
    }

    private static void CheckNewId(FineTuneSettings s, ModelRegistry registry, string outFolder)
    {
        string id = s.NewId;
        if (!IdPattern().IsMatch(id))
            throw new FineTuneRefusedException($"--id '{id}' must be lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        if (MethodIds.IsInterpolation(id))
            throw new FineTuneRefusedException($"--id '{id}' is the name of an interpolation");
        string? bundled = ModelRegistry.FindBundledFolder() is { } folder ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) : null;
        bool isBundled = BundledModels.Ids.Contains(id)
            || registry.Find(id) is { } offered && bundled is not null && Path.GetDirectoryName(Path.GetFullPath(offered.OnnxPath)) == bundled;
        if (isBundled)
            throw new FineTuneRefusedException($"--id '{id}' is a bundled model; choose another id (bundled models are never replaced)");
        if (bundled is not null && outFolder == bundled)
            throw new FineTuneRefusedException($"--out {outFolder} is the bundled models folder; fine-tuned models go elsewhere " +
                                               $"(default {ModelRegistry.UserFolder()})");
        if (s.Force)
            return;
        if (registry.Find(id) is { } existing)
            throw new FineTuneRefusedException($"a model '{id}' already exists ({existing.OnnxPath}); choose another id or add --force to replace it");
        string onnx = Path.Combine(outFolder, id + ".onnx"), card = Path.Combine(outFolder, ModelCard.FileNameFor(id));
        if (File.Exists(onnx) || File.Exists(card))
            throw new FineTuneRefusedException($"'{id}' already exists in {outFolder}; choose another id or add --force to replace it");
    }

    private static RegisteredModel CheckBase(string baseId, ModelRegistry registry)
    {
        var model = registry.Find(baseId)
            ?? throw new FineTuneRefusedException($"unknown base model '{baseId}'; the models on offer are: " +
                                                  (registry.Models.Count == 0 ? "none" : string.Join(", ", registry.Ids)));
        if (model.Card.Inferred)
            throw new FineTuneRefusedException($"base model '{baseId}' has no verified card (its ranges are guesses); write one first (docs/model-card.md)");
        try
        {
            OnnxTorchTranslator.Check(OnnxTorchTranslator.Parse(File.ReadAllBytes(model.OnnxPath)));
        }
        catch (UnsupportedModelException e)
        {
            throw new FineTuneRefusedException($"base model '{baseId}' cannot be trained here: {e.Message}");
        }
        return model;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex IdPattern();
}
