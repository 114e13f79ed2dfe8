using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>PSNR (dB), Gaussian SSIM and scikit-image-default SSIM of one image pair (unitless, [−1, 1]), and the
/// mean contrast-structure factor of the Gaussian SSIM pass, MS-SSIM's cs_1 (unitless, see <see cref="MsSsim"/>).</summary>
public readonly record struct MetricSet(double Psnr, double Ssim, double SsimSkimage, double SsimContrastStructure);

/// <summary>
/// The three metrics of a pair in one parallel pass: exactly <see cref="Metrics.Psnr.Compute"/>,
/// <see cref="Metrics.Ssim.Compute"/> and <see cref="Metrics.SsimSkimage.Compute"/> (same strips, same summation
/// order, so the same bits), with every strip of both SSIM kernels and the PSNR sum in one work list.
/// </summary>
/// <remarks>Three separate calls each wait for their slowest strip and wake the workers again for the next; one list
/// keeps every core busy until the end (on a 2-core machine, for a 1024×768 pair: 4.15 ms against 4.98 ms for the
/// three calls, BenchmarkDotNet medians). The Gaussian pass also sums cs = (2σxy + C2)/(σx² + σy² + C2) beside the
/// SSIM map (one division more per pixel; the SSIM sums keep their bits): MS-SSIM's first scale then costs nothing
/// more (<see cref="FidelityMetrics"/>).</remarks>
public static class ImageMetrics
{
    /// <exception cref="ArgumentException">Sizes differ, or a side is shorter than 11 pixels (the Gaussian window).</exception>
    /// <param name="parallel">Whether the strips are spread over the cores; false runs them on the calling thread in
    /// the same order (same bits), for callers that already keep every core busy with other pairs.</param>
    public static MetricSet Compute(GrayImage reference, GrayImage test, bool parallel = true)
    {
        MetricGuards.RequireSameSize(reference, test, Metrics.Ssim.WindowSize);
        int w = reference.Width, h = reference.Height;
        byte[] a = reference.Pixels, b = test.Pixels;
        int gaussianCols = w - 2 * Metrics.Ssim.Radius, gaussianRows = h - 2 * Metrics.Ssim.Radius;
        const int boxPad = Metrics.SsimSkimage.WindowSize / 2;
        int boxCols = w - 2 * boxPad, boxRows = h - 2 * boxPad;
        var (gaussianCount, gaussianStrip) = MetricGuards.Strips(gaussianRows, gaussianCols);
        var (boxCount, boxStrip) = MetricGuards.Strips(boxRows, boxCols);

        // Longest first: Gaussian strips, box strips, then the PSNR sum.
        var sums = new double[gaussianCount + boxCount];
        var contrastStructureSums = new double[gaussianCount];
        long squaredError = 0;
        MetricGuards.ForEachItem(gaussianCount + boxCount + 1, item =>
        {
            if (item < gaussianCount)
            {
                int first = item * gaussianStrip;
                (sums[item], contrastStructureSums[item]) = Metrics.Ssim.SumStripWithContrastStructure(a, b, w, first,
                    Math.Min(gaussianRows, first + gaussianStrip), Ssim.Buffers.ForThisThread());
            }
            else if (item < gaussianCount + boxCount)
            {
                int first = (item - gaussianCount) * boxStrip;
                sums[item] = Metrics.SsimSkimage.SumStrip(a, b, w, first, Math.Min(boxRows, first + boxStrip),
                    SsimSkimage.Buffers.ForThisThread(), map: null);
            }
            else
            {
                squaredError = Metrics.Psnr.SumSquaredError(a, b);
            }
        }, parallel);

        return new MetricSet(
            Metrics.Psnr.FromMse((double)squaredError / a.Length),
            MetricGuards.MeanOfStripSums(sums.AsSpan(0, gaussianCount), gaussianCols, gaussianRows),
            MetricGuards.MeanOfStripSums(sums.AsSpan(gaussianCount), boxCols, boxRows),
            MetricGuards.MeanOfStripSums(contrastStructureSums, gaussianCols, gaussianRows));
    }
}
