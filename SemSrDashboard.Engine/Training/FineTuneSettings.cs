namespace SemSrDashboard.Engine.Training;

/// <summary>What the user asked for (<c>models finetune</c>, later the dashboard's dialog); checked and resolved by
/// <see cref="FineTunePlanner"/>.</summary>
/// <param name="BaseId">Model to start from (any model on offer with a card).</param>
/// <param name="DataRoot">Data folder: one sub-folder per category, as for <c>evaluate</c>.</param>
/// <param name="NewId">Id of the fine-tuned model (file-name stem of its ONNX file and card).</param>
/// <param name="HeldOutFraction">Share of each category held out, inside (0, 1).</param>
/// <param name="Seed">Seed of the split and of the patch sampling.</param>
/// <param name="Steps">Optimiser steps; with <paramref name="Minutes"/> null and this null, <see cref="DefaultSteps"/>.</param>
/// <param name="Minutes">Wall-clock budget instead of a step count (excludes <paramref name="Steps"/>).</param>
/// <param name="Patch">Side of a low-resolution training patch in pixels (high-resolution side: patch × scale).</param>
/// <param name="Batch">Patches per step.</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="OutDir">Folder for the model and card; null: <see cref="Models.ModelRegistry.UserFolder"/>.</param>
/// <param name="ValidateEvery">Measure the held-out PSNR every this many steps (0: never; reading held-out images
/// only for that measurement, which never feeds back into training).</param>
/// <param name="CheckpointMinutes">Minutes between checkpoints (0: after every step).</param>
/// <param name="Force">Replace an existing fine-tuned model of the same id (never a bundled one).</param>
public sealed record FineTuneSettings(
    string BaseId,
    string DataRoot,
    string NewId,
    double HeldOutFraction = DataSplitter.DefaultHeldOutFraction,
    long Seed = 1,
    long? Steps = null,
    double? Minutes = null,
    int Patch = FineTuneSettings.DefaultPatch,
    int Batch = FineTuneSettings.DefaultBatch,
    double LearningRate = FineTuneSettings.DefaultLearningRate,
    string? OutDir = null,
    int ValidateEvery = 0,
    double CheckpointMinutes = FineTuneSettings.DefaultCheckpointMinutes,
    bool Force = false)
{
    public const long DefaultSteps = 1000;
    public const int DefaultPatch = 48;
    public const int DefaultBatch = 8;
    public const double DefaultLearningRate = 1e-4;
    public const double DefaultCheckpointMinutes = 5;

    /// <summary>Fewest usable training images accepted.</summary>
    public const int MinimumTrainingImages = 4;
}
