using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>
/// The five fidelity metrics of one output: <see cref="MsSsim"/>, <see cref="Gmsd"/>, <see cref="LrPsnr"/>,
/// <see cref="DetailCorrelation"/> and <see cref="DetailRatio"/>, each exactly as its own <c>Compute</c>.
/// </summary>
/// <remarks>A metric the image is too small for is <c>nan</c>, never an exception. For several outputs of the same
/// original use <see cref="Compute(FidelityReference, GrayImage, GrayImage)"/>: the original's share of the work is
/// then done once.</remarks>
public static class FidelityMetrics
{
    /// <param name="original">X: the original after crop and info-bar removal.</param>
    /// <param name="output">Y: the method's output, the same size as X.</param>
    /// <param name="lrInput">The low-resolution image the method received (Y's size ÷ scale).</param>
    /// <param name="scale">The run's integer factor.</param>
    /// <exception cref="ArgumentException">Sizes do not fit together, or the scale is below 1.</exception>
    public static FidelitySet Compute(GrayImage original, GrayImage output, GrayImage lrInput, int scale) =>
        Compute(new FidelityReference(original, scale), output, lrInput);

    /// <summary>Why metrics are <c>nan</c> for an original of this size: one note per metric it is too small for
    /// (empty when every metric has a number).</summary>
    public static IReadOnlyList<string> SizeNotes(int width, int height)
    {
        var notes = new List<string>();
        if (!MsSsim.IsLargeEnough(width, height))
            notes.Add($"ms_ssim: {width}×{height} is too small (five scales need both sides ≥ {MsSsim.MinimumSide} pixels)");
        if (!Gmsd.IsLargeEnough(width, height))
            notes.Add($"gmsd: {width}×{height} is too small (the half-size image needs both sides ≥ 3 pixels)");
        return notes;
    }

    /// <summary>The five metrics of <paramref name="output"/> against a prepared original.</summary>
    /// <exception cref="ArgumentException">Sizes do not fit together.</exception>
    public static FidelitySet Compute(FidelityReference reference, GrayImage output, GrayImage lrInput)
    {
        ArgumentNullException.ThrowIfNull(reference);
        GrayImage original = reference.Original;
        MetricGuards.RequireSameSize(original, output, minSide: 1);
        ArgumentNullException.ThrowIfNull(lrInput);
        int scale = reference.Scale;
        if (output.Width != lrInput.Width * scale || output.Height != lrInput.Height * scale)
            throw new ArgumentException(
                $"Output {output.Width}×{output.Height} is not {scale}× the input {lrInput.Width}×{lrInput.Height}.",
                nameof(lrInput));

        // The output's transform on one side, the rest on the other, each itself split over the cores: every part is
        // deterministic, so running them side by side changes no bit of the results.
        double msSsim = double.NaN, gmsd = double.NaN, lrPsnr = double.NaN;
        DetailBandSums sums = default;
        Parallel.Invoke(
            () =>
            {
                using var spectrum = DetailSpectrum.HalfTransposed(output);
                sums = reference.Band.Sums(reference.Spectrum, reference.DetailEnergy, DetailSpectrum.View(spectrum));
            },
            () =>
            {
                if (reference.CoarseScales is { } coarse)
                    msSsim = MsSsim.FromScales(original, coarse, output, MsSsim.CoarseScales(output));
                if (reference.GradientMagnitude is { } magnitude)
                    gmsd = Gmsd.FromMagnitudes(magnitude, output);
                lrPsnr = LrPsnr.Compute(output, lrInput, reference.Scale);
            });
        return new FidelitySet(msSsim, gmsd, lrPsnr, sums.Correlation, sums.Ratio);
    }
}
