using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>
/// Multi-scale SSIM (Wang, Simoncelli &amp; Bovik 2003) with five scales.
/// </summary>
/// <remarks>
/// <para>Input: two 8-bit grey images of equal size on the 0–255 scale, taken as float64.</para>
/// <para>At each scale j = 1…5 the Gaussian SSIM of <see cref="Ssim"/> (11 taps, σ = 1.5, kernel normalised to sum 1,
/// valid region only, population (co)variances, C1 = (0.01·255)², C2 = (0.03·255)²). For j = 1…4,
/// cs_j = mean over the valid region of (2σxy + C2)/(σx² + σy² + C2); at scale 5 the mean of the full SSIM map,
/// ssim_5. Between scales both images are reduced by the 2×2 block mean over the top-left even-sized region (an odd
/// last row or column is dropped).</para>
/// <para><c>ms_ssim = Π_{j≤4} max(cs_j, 0)^{w_j} · max(ssim_5, 0)^{w_5}</c>, w = (0.0448, 0.2856, 0.3001, 0.2363,
/// 0.1333). Unitless, in [0, 1]; identical images give 1; higher is better.</para>
/// <para><c>nan</c> when the scale-5 image has a side under 11 pixels (an original side under 176 pixels).</para>
/// </remarks>
public static class MsSsim
{
    /// <summary>Number of scales.</summary>
    public const int Scales = 5;

    /// <summary>The exponents w_1 … w_5 of the original paper.</summary>
    public static readonly IReadOnlyList<double> Exponents = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333];

    /// <summary>Smallest side an original may have for a number: 11 pixels at scale 5.</summary>
    public const int MinimumSide = Ssim.WindowSize << (Scales - 1);

    /// <summary>MS-SSIM of <paramref name="output"/> against <paramref name="original"/>, or <c>nan</c> when too small.</summary>
    /// <exception cref="ArgumentException">The images differ in size.</exception>
    public static double Compute(GrayImage original, GrayImage output)
    {
        MetricGuards.RequireSameSize(original, output, minSide: 0);
        if (!IsLargeEnough(original.Width, original.Height)) return double.NaN;
        return FromScales(original, CoarseScales(original), output, CoarseScales(output));
    }

    /// <summary>Whether an image of this size reaches scale 5 with both sides ≥ 11.</summary>
    public static bool IsLargeEnough(int width, int height) =>
        (width >> (Scales - 1)) >= Ssim.WindowSize && (height >> (Scales - 1)) >= Ssim.WindowSize;

    /// <summary>Scales 2 … 5 of one image: four successive 2×2 block means (scale 1 is the 8-bit image itself).</summary>
    internal static GrayPlane[] CoarseScales(GrayImage image)
    {
        var levels = new GrayPlane[Scales - 1];
        levels[0] = GrayPlane.HalveByBlockMean(image);
        for (int j = 1; j < Scales - 1; j++) levels[j] = levels[j - 1].HalveByBlockMean();
        return levels;
    }

    /// <summary>As <see cref="CoarseScales(GrayImage)"/>, into the given buffers (one per level, each at least
    /// that level's size; <see cref="OutputScratch.Pyramid"/>).</summary>
    internal static GrayPlane[] CoarseScales(GrayImage image, double[][] buffers)
    {
        var levels = new GrayPlane[Scales - 1];
        int w = image.Width / 2, h = image.Height / 2;
        GrayPlane.HalveByBlockMean(image, buffers[0]);
        levels[0] = new GrayPlane(w, h, buffers[0]);
        for (int j = 1; j < Scales - 1; j++) levels[j] = levels[j - 1].HalveByBlockMean(buffers[j]);
        return levels;
    }

    /// <summary>The product over the scales; scale 1 runs the 8-bit kernel of <see cref="Ssim"/> on the images
    /// themselves, scales 2 … 5 the same kernel on the float64 planes of <see cref="CoarseScales"/>.</summary>
    internal static double FromScales(GrayImage original, GrayPlane[] originalCoarse, GrayImage output, GrayPlane[] outputCoarse) =>
        FromScales(Ssim.Means(new ByteRowSource(original.Pixels, output.Pixels, original.Width), original.Width,
            original.Height).ContrastStructure, originalCoarse, outputCoarse, parallel: true);

    /// <summary>The product over the scales, with cs_1 already known (<see cref="ImageMetrics"/> computes it in the
    /// pass of <c>ssim</c>, from the same Gaussian moments) and scales 2 … 5 from the planes of
    /// <see cref="CoarseScales"/>; on the calling thread alone unless <paramref name="parallel"/>. Either way the
    /// strips are summed in the same order, so the result has the same bits.</summary>
    internal static double FromScales(double scaleOneContrastStructure, GrayPlane[] originalCoarse,
        GrayPlane[] outputCoarse, bool parallel)
    {
        Span<SsimMeans> means = stackalloc SsimMeans[Scales];
        means[0] = new SsimMeans(double.NaN, scaleOneContrastStructure); // scale 1 enters by its cs only
        for (int j = 1; j < Scales; j++)
        {
            GrayPlane a = originalCoarse[j - 1], b = outputCoarse[j - 1];
            means[j] = Ssim.Means(new PlaneRowSource(a, b), a.Width, a.Height, parallel);
        }
        return Combine(means);
    }

    /// <summary>Π max(cs_j, 0)^{w_j} (j ≤ 4) · max(ssim_5, 0)^{w_5}.</summary>
    internal static double Combine(ReadOnlySpan<SsimMeans> means)
    {
        double result = 1;
        for (int j = 0; j < Scales - 1; j++)
            result *= Math.Pow(Math.Max(means[j].ContrastStructure, 0), Exponents[j]);
        return result * Math.Pow(Math.Max(means[Scales - 1].Ssim, 0), Exponents[Scales - 1]);
    }
}
