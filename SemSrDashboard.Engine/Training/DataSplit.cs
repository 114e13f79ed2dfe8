using SemSrDashboard.Engine.Scanning;

namespace SemSrDashboard.Engine.Training;

/// <summary>The images of a data root divided into those training reads and those held out for the comparison;
/// both lists in ordinal order of the relative path, disjoint, together every image the scanner found.</summary>
public sealed record DataSplit(IReadOnlyList<ScannedImage> Train, IReadOnlyList<ScannedImage> HeldOut)
{
    /// <summary>The relative paths ('/'-separated, category folder included) of the training images.</summary>
    public IReadOnlyList<string> TrainPaths => Train.Select(i => i.RelativePath).ToList();

    /// <summary>The relative paths of the held-out images.</summary>
    public IReadOnlyList<string> HeldOutPaths => HeldOut.Select(i => i.RelativePath).ToList();
}
