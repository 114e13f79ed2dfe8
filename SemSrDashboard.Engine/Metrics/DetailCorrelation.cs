using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>
/// <c>detail_corr</c>: whether the detail the output has above what the low-resolution image can carry is the
/// specimen's.
/// </summary>
/// <remarks>
/// <para>X (original) and Y (output), 8-bit grey as float64, each minus its own mean; F = 2-D DFT, no window;
/// frequencies per axis as numpy's <c>fftfreq(n)</c> (cycles per pixel), r = √(fx² + fy²); band mask
/// r &gt; 0.5/scale (above the LR image's Nyquist frequency); HX = Re IDFT(F_X·mask), HY likewise.</para>
/// <para><c>detail_corr = Σ HX·HY / √(Σ HX² · Σ HY²)</c>, unitless in [−1, 1]: 1 = the added detail is the
/// specimen's, 0 = unrelated to it. <c>nan</c> when either band energy is 0 (e.g. a constant image).</para>
/// <para>Computed in the frequency domain (Parseval; see <see cref="DetailBand"/>).</para>
/// </remarks>
public static class DetailCorrelation
{
    /// <exception cref="ArgumentException">The images differ in size, or the scale is below 1.</exception>
    public static double Compute(GrayImage original, GrayImage output, int scale) =>
        DetailBandSumsOf(original, output, scale).Correlation;

    /// <summary>Σ HX·HY, Σ HX², Σ HY² of the pair (spatial sums on the 0–255 scale).</summary>
    /// <exception cref="ArgumentException">The images differ in size, or the scale is below 1.</exception>
    public static DetailBandSums DetailBandSumsOf(GrayImage original, GrayImage output, int scale)
    {
        MetricGuards.RequireSameSize(original, output, minSide: 1);
        var band = DetailBand.For(original.Width, original.Height, scale);
        double[] x = DetailSpectrum.ToArray(original, band.LowColumns), y = DetailSpectrum.ToArray(output, band.LowColumns);
        var xSums = PixelSums.Of(original.Pixels);
        var (ySums, cross) = PixelSums.Pair(original.Pixels, xSums, output.Pixels);
        return band.Sums(band.Compact(x), band.Energy(xSums, x), cross, ySums, y);
    }
}
