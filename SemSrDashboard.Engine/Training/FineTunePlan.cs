using SemSrDashboard.Engine.Models;

namespace SemSrDashboard.Engine.Training;

/// <summary>A checked fine-tuning request, ready to run: the base model, the split, the prepared training images and
/// where the results go.</summary>
/// <param name="Settings">The request as given.</param>
/// <param name="Base">The model training starts from.</param>
/// <param name="DataRoot">Absolute path of the data folder.</param>
/// <param name="Split">Training and held-out images.</param>
/// <param name="TrainImages">The training images that hold a patch, prepared.</param>
/// <param name="Unusable">Training images left out, with the reason.</param>
/// <param name="OutFolder">Absolute path of the folder the model, card and file lists go to.</param>
public sealed record FineTunePlan(
    FineTuneSettings Settings,
    RegisteredModel Base,
    string DataRoot,
    DataSplit Split,
    IReadOnlyList<TrainingImage> TrainImages,
    IReadOnlyList<UnusableImage> Unusable,
    string OutFolder)
{
    /// <summary>Steps to take, or null when the budget is <see cref="FineTuneSettings.Minutes"/>.</summary>
    public long? Steps => Settings.Minutes is null ? Settings.Steps ?? FineTuneSettings.DefaultSteps : null;

    /// <summary>The checkpoint file a restarted job resumes from.</summary>
    public string CheckpointPath => Path.Combine(OutFolder, Settings.NewId + ".checkpoint");

    /// <summary>The held-out list (one relative path per line), the form <c>evaluate --subset</c> reads.</summary>
    public string HeldOutListPath => Path.Combine(OutFolder, Settings.NewId + ".held-out.txt");

    /// <summary>The training list, same form.</summary>
    public string TrainListPath => Path.Combine(OutFolder, Settings.NewId + ".train.txt");
}
