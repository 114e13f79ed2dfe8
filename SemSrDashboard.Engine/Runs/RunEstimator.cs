using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Engine.Runs;

/// <summary>How long a run is expected to take, from timing its methods on one image of its subset.</summary>
/// <param name="SampleImage">The image that was timed (relative path).</param>
/// <param name="SampleFailed">The sample image could not be evaluated (the estimate is then a lower bound).</param>
/// <param name="Projection">The measured sample and the run it is projected over.</param>
public sealed record RunEstimate(string SampleImage, bool SampleFailed, RunProjection Projection)
{
    /// <summary>Images the run would evaluate (after the per-category limit).</summary>
    public int Images => Projection.Images;

    /// <summary>Wall time of the whole pipeline on the sample image, one worker.</summary>
    public TimeSpan PerImage => TimeSpan.FromSeconds(Projection.OneWorkerSeconds);

    /// <summary>Expected duration of the run with <see cref="Workers"/> workers.</summary>
    public TimeSpan Total => Projection.Total;

    public int Workers => Projection.Workers;
}

/// <summary>Estimates a run's duration before it starts: the <c>bench</c> verb's quick mode on one image of the
/// run's subset (one untimed warm-up call, then one timed), projected over the run's images by
/// <see cref="RunProjection"/>.</summary>
public static class RunEstimator
{
    /// <param name="workers">Workers of the run; default <see cref="RunExecutor.DefaultWorkers"/>, as the run uses.</param>
    /// <exception cref="InvalidRunSettingsException">Bad settings or a folder without images.</exception>
    public static async Task<RunEstimate> EstimateAsync(RunSettings settings, MethodCatalog methods, int? workers = null,
        CancellationToken cancellation = default)
    {
        var report = await PipelineBenchmark.MeasureAsync(settings, methods, sampleImages: 1, quick: true, workers, cancellation);
        return new RunEstimate(report.SampleImage, report.SampleFailed, report.Projection);
    }
}
