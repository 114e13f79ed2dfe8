using System.Globalization;
using SemSrDashboard.Engine.Models;

namespace SemSrDashboard.Engine.Training;

/// <summary>Writes a fine-tuned model as the registry expects it: <c>&lt;id&gt;.onnx</c> (the base graph with the
/// trained initializers) and its card with the lineage, through <see cref="ModelFiles.Write"/> (temporary names, then
/// renames), plus the split as file lists.</summary>
public static class FineTunedModelWriter
{
    /// <summary>The fine-tuned model's card: the base card with the new id, name, sha256, training data, notes and
    /// lineage.</summary>
    public static ModelCard CardFor(FineTunePlan plan, string sha256, long steps, double finalLoss, TimeSpan wall)
    {
        var source = plan.Base.Card;
        var s = plan.Settings;
        var lineage = new ModelLineage(source.Id, source.Sha256, plan.DataRoot, plan.Split.TrainPaths, plan.Split.HeldOutPaths,
            s.HeldOutFraction, s.Seed, steps, s.Patch, s.Batch, s.LearningRate, finalLoss, Math.Round(wall.TotalSeconds, 1),
            TorchRuntime.Versions());
        string data = Path.GetFileName(plan.DataRoot);
        return source with
        {
            Id = s.NewId,
            DisplayName = $"{source.DisplayName}, fine-tuned on {data}",
            Sha256 = sha256,
            TrainingData = $"{source.TrainingData}; then fine-tuned on {plan.TrainImages.Count} micrographs of {plan.DataRoot}",
            Notes = string.Create(CultureInfo.InvariantCulture,
                $"Fine-tuned from {source.Id} (sha256 {source.Sha256}) by SemSrDashboard's models finetune: {steps} Adam steps, " +
                $"learning rate {s.LearningRate}, batch {s.Batch} patches of {s.Patch}×{s.Patch} low-resolution pixels (×{source.Scale} INTER_AREA, " +
                $"info bar auto), L1 loss in grey levels, final loss {finalLoss:0.####}. Held-out images (lineage.held_out_images) were never " +
                $"read for training; compare with evaluate --methods bicubic,{source.Id},{s.NewId} on them. Notes of {source.Id}: {source.Notes}"),
            Lineage = lineage,
        };
    }

    /// <summary>Writes the split lists, then the model and its card.</summary>
    /// <exception cref="IOException">A file could not be written (e.g. the disk is full); no model is left behind.</exception>
    public static string Write(FineTunePlan plan, ModelCard card, byte[] onnx)
    {
        Directory.CreateDirectory(plan.OutFolder);
        WriteList(plan.TrainListPath, plan.Split.TrainPaths);
        WriteList(plan.HeldOutListPath, plan.Split.HeldOutPaths);
        ModelFiles.Write(plan.OutFolder, card, onnx);
        return Path.Combine(plan.OutFolder, card.Id + ".onnx");
    }

    private static void WriteList(string path, IReadOnlyList<string> relativePaths)
    {
        string temporary = path + $".{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(temporary, string.Concat(relativePaths.Select(p => p + "\n")));
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
