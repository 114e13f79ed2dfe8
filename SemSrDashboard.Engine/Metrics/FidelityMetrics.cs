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
    /// <summary>The library that transforms the detail band's spectra (FFTW's version, or OpenCV's <c>dft</c>), for a
    /// run's provenance: the two agree to rounding, not to the bit.</summary>
    public static string FourierTransformLibrary => ComplexRowTransform.Library;

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
    public static FidelitySet Compute(FidelityReference reference, GrayImage output, GrayImage lrInput) =>
        Compute(reference, output, lrInput, scaleOneContrastStructure: null);

    /// <summary>The five metrics of <paramref name="output"/> against a prepared original, on the calling thread
    /// alone (a run keeps every core busy with its own pair).</summary>
    /// <param name="scaleOneContrastStructure">MS-SSIM's cs_1 when already known: the
    /// <see cref="MetricSet.SsimContrastStructure"/> of <see cref="ImageMetrics.Compute"/> on the same pair, which
    /// computes it with <c>ssim</c> from the same Gaussian moments; null computes it here. The result has the same
    /// bits either way.</param>
    /// <exception cref="ArgumentException">Sizes do not fit together.</exception>
    public static FidelitySet Compute(FidelityReference reference, GrayImage output, GrayImage lrInput,
        double? scaleOneContrastStructure)
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

        double msSsim = double.NaN, gmsd = double.NaN;
        var scratch = reference.TakeScratch();
        DetailBandSums sums;
        try
        {
            // The output's pyramid; its first level serves GMSD as well.
            GrayPlane[]? outputCoarse = scratch.Pyramid is { } buffers ? MsSsim.CoarseScales(output, buffers) : null;
            if (reference.CoarseScales is { } coarse)
            {
                double cs1 = scaleOneContrastStructure ?? Ssim.Means(
                    new ByteRowSource(original.Pixels, output.Pixels, original.Width), original.Width, original.Height,
                    parallel: false).ContrastStructure;
                msSsim = MsSsim.FromScales(cs1, coarse, outputCoarse!, parallel: false);
            }
            if (reference.Half is { } half)
                gmsd = Gmsd.FromHalves(half, outputCoarse?[0] ?? GrayPlane.HalveByBlockMean(output));
            sums = DetailSums(reference, output, scratch.Spectrum);
        }
        finally
        {
            reference.ReturnScratch(scratch);
        }
        double lrPsnr = LrPsnr.Compute(output, lrInput, scale);
        return new FidelitySet(msSsim, gmsd, lrPsnr, sums.Correlation, sums.Ratio);
    }

    /// <summary>The band sums of one output: its low-frequency spectrum columns into <paramref name="spectrum"/>,
    /// its exact pixel sums, the rest from the prepared original.</summary>
    private static DetailBandSums DetailSums(FidelityReference reference, GrayImage output, double[] spectrum)
    {
        var band = reference.Band;
        var (outputSums, cross) = PixelSums.Pair(reference.Original.Pixels, reference.Sums, output.Pixels);
        DetailSpectrum.LowHalfTransposed(output, outputSums, band.LowColumns, spectrum);
        return band.Sums(reference.Spectrum, reference.DetailEnergy, cross, outputSums, spectrum);
    }
}
