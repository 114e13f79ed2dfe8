using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>
/// <c>detail_ratio</c>: how much of the original's fine-detail energy the output carries.
/// </summary>
/// <remarks>
/// <para><c>detail_ratio = Σ HY² / Σ HX²</c> with the band of <see cref="DetailCorrelation"/> (frequencies above
/// 0.5/scale cycles per pixel, each image minus its mean). Unitless, ≥ 0: ≪ 1 blurred; ≈ 1 with a high
/// <c>detail_corr</c> restored; high with a low <c>detail_corr</c> invented. <c>nan</c> only when Σ HX² = 0; a flat
/// output of a detailed original gives 0.</para>
/// </remarks>
public static class DetailRatio
{
    /// <exception cref="ArgumentException">The images differ in size, or the scale is below 1.</exception>
    public static double Compute(GrayImage original, GrayImage output, int scale) =>
        DetailCorrelation.DetailBandSumsOf(original, output, scale).Ratio;
}
