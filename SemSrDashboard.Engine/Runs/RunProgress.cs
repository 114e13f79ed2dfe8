namespace SemSrDashboard.Engine.Runs;

/// <summary>Counts of one category in a run.</summary>
public sealed record CategoryProgress(string Category, int Total, int Done, int Failed);

/// <summary>A snapshot of a run's progress. Images count as done when every method has a stored result.</summary>
/// <param name="ImagesPerSecond">Over a moving window of the last completed images; 0 until two have finished.</param>
/// <param name="Eta">Remaining time at the current rate; null when unknown.</param>
public sealed record RunProgress(
    int RunId,
    string Status,
    int Total,
    int Done,
    int Failed,
    double ImagesPerSecond,
    TimeSpan? Eta,
    string? CurrentImage,
    string? LastError,
    IReadOnlyList<CategoryProgress> Categories)
{
    public double Fraction => Total == 0 ? 1 : (double)Done / Total;
}
