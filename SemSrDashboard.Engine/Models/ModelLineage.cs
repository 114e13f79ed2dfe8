using System.Text.Json.Serialization;

namespace SemSrDashboard.Engine.Models;

/// <summary>Where a fine-tuned model came from: the base model, the data, the split and the training settings. Held
/// in the card's <c>lineage</c> field (absent on models that were not fine-tuned here); field names are snake_case,
/// as documented in docs/model-card.md.</summary>
/// <param name="BaseId">Id of the model the training started from.</param>
/// <param name="BaseSha256">SHA-256 of the base model's ONNX file.</param>
/// <param name="DataFolder">Absolute path of the data root the images were taken from.</param>
/// <param name="TrainImages">Images patches were drawn from: paths relative to <paramref name="DataFolder"/>,
/// category folder included, '/'-separated (the ids <c>evaluate</c> uses).</param>
/// <param name="HeldOutImages">Images never read during training, in the same form; disjoint from
/// <paramref name="TrainImages"/>, and together every image the scanner found.</param>
/// <param name="HeldOutFraction">The requested held-out share per category.</param>
/// <param name="Seed">Seed of the split and of the patch sampling.</param>
/// <param name="Steps">Optimiser steps taken.</param>
/// <param name="Patch">Side of a low-resolution training patch in pixels (the high-resolution patch is
/// <c>Patch × scale</c>).</param>
/// <param name="Batch">Patches per step.</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="FinalLoss">Mean L1 loss, in grey levels (0–255), over the last steps (see docs/training.md).</param>
/// <param name="WallSeconds">Training wall time in seconds, summed over interrupted sessions.</param>
/// <param name="Libraries">Versions of the libraries that trained the model (TorchSharp, LibTorch, .NET, this
/// application).</param>
public sealed record ModelLineage(
    [property: JsonPropertyName("base_id")] string BaseId,
    [property: JsonPropertyName("base_sha256")] string BaseSha256,
    [property: JsonPropertyName("data_folder")] string DataFolder,
    [property: JsonPropertyName("train_images")] IReadOnlyList<string> TrainImages,
    [property: JsonPropertyName("held_out_images")] IReadOnlyList<string> HeldOutImages,
    [property: JsonPropertyName("held_out_fraction")] double HeldOutFraction,
    [property: JsonPropertyName("seed")] long Seed,
    [property: JsonPropertyName("steps")] long Steps,
    [property: JsonPropertyName("patch")] int Patch,
    [property: JsonPropertyName("batch")] int Batch,
    [property: JsonPropertyName("learning_rate")] double LearningRate,
    [property: JsonPropertyName("final_loss")] double FinalLoss,
    [property: JsonPropertyName("wall_seconds")] double WallSeconds,
    [property: JsonPropertyName("libraries")] IReadOnlyDictionary<string, string> Libraries)
{
    /// <summary>Value equality, comparing the lists and the library versions element by element.</summary>
    public bool Equals(ModelLineage? other) =>
        other is not null
        && BaseId == other.BaseId && BaseSha256 == other.BaseSha256 && DataFolder == other.DataFolder
        && TrainImages.SequenceEqual(other.TrainImages) && HeldOutImages.SequenceEqual(other.HeldOutImages)
        && HeldOutFraction.Equals(other.HeldOutFraction) && Seed == other.Seed && Steps == other.Steps
        && Patch == other.Patch && Batch == other.Batch && LearningRate.Equals(other.LearningRate)
        && FinalLoss.Equals(other.FinalLoss) && WallSeconds.Equals(other.WallSeconds)
        && Libraries.Count == other.Libraries.Count
        && Libraries.All(pair => other.Libraries.TryGetValue(pair.Key, out var version) && version == pair.Value);

    public override int GetHashCode() => HashCode.Combine(BaseId, BaseSha256, Steps, Seed);
}
