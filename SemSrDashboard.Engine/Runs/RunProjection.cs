namespace SemSrDashboard.Engine.Runs;

/// <summary>A run's expected duration, projected from what a sample of its images cost. Pure arithmetic, shared by
/// the <c>bench</c> verb and the dashboard's run estimate so that both give the same figure for the same
/// measurements.</summary>
/// <remarks>
/// <para>Seconds per sample image come from stage times measured one image at a time: <c>serial + parallel /
/// workers</c>. Methods whose calls are serialised (models, <see cref="Upsampling.IUpsampler.IsThreadSafe"/> false)
/// cost their full time per image however many workers there are; the rest (decoding, info bar, degrading,
/// interpolations, metrics, storing) is spread over the workers. The real executor's throughput on the sample is not
/// used: on a sample of five images it is dominated by the first results and the last worker's tail (measured: 8.4
/// images/s against 27 in the run it was to project), while the stage formula came within 10 % of whole-process runs
/// (see the README).</para>
/// <para>Every stage's cost grows with the pixels, so the run is projected as seconds per sample image × the run's
/// megapixels / the megapixels of an average sample image; only when either is unknown (0) by the image count. The
/// run's setup (<paramref name="SetupSeconds"/>: opening the methods) is paid once, on top.</para>
/// </remarks>
/// <param name="SerialSeconds">Mean seconds per sample image in methods whose calls are serialised.</param>
/// <param name="ParallelSeconds">Mean seconds per sample image in everything else.</param>
/// <param name="SampleMegapixels">Mean megapixels of a sample image.</param>
/// <param name="Workers">Workers the run uses (at least 1).</param>
/// <param name="Images">Images of the run (its subset after the per-category limit).</param>
/// <param name="Megapixels">Megapixels of those images.</param>
/// <param name="SetupSeconds">Paid once per run, whatever its size: opening the methods (model sessions).</param>
public sealed record RunProjection(
    double SerialSeconds,
    double ParallelSeconds,
    double SampleMegapixels,
    int Workers,
    int Images,
    double Megapixels,
    double SetupSeconds = 0)
{
    public int Workers { get; } = Workers >= 1 ? Workers : throw new ArgumentOutOfRangeException(nameof(Workers), Workers, "at least one worker");

    /// <summary>Wall time of an average sample image on one worker: the whole pipeline, nothing spread.</summary>
    public double OneWorkerSeconds => SerialSeconds + ParallelSeconds;

    /// <summary>Wall time an average sample image adds to the run with <see cref="Workers"/> workers.</summary>
    public double SecondsPerSampleImage => SerialSeconds + ParallelSeconds / Workers;

    /// <summary>The projected duration of the run.</summary>
    public TimeSpan Total => TimeSpan.FromSeconds(SetupSeconds + (SampleMegapixels > 0 && Megapixels > 0
        ? SecondsPerSampleImage * Megapixels / SampleMegapixels
        : SecondsPerSampleImage * Images));
}
