using System.Runtime.InteropServices;
using OpenCvSharp;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;

namespace SemSrDashboard.Engine.Inspection;

/// <summary>
/// Where the output's fine detail is the specimen's and where it is invented: the output's local detail energy split
/// into a part a scaled copy of the original's detail explains and the rest (docs/inspection.md).
/// </summary>
/// <remarks>
/// <para>HX, HY: the original and the output band-passed above the low-resolution Nyquist frequency exactly as for
/// <c>detail_corr</c> (<see cref="DetailCorrelation"/>), full size. Local energies in a Gaussian window w of
/// σ = scale pixels (one low-resolution pixel), radius 3·scale, normalised to sum 1, borders mirrored
/// (… c b a | a b c …): Exx = w∗HX², Eyy = w∗HY², Exy = w∗(HX·HY), in grey levels² (0–255 scale).</para>
/// <para>Agreeing energy A = max(Exy, 0)²/Exx (0 where Exx = 0): the output's local detail energy that the best
/// scaled copy of the original's detail accounts for (least squares; A ≤ Eyy by Cauchy–Schwarz). Invented energy
/// V = max(Eyy − A, 0): detail the output has there and the original's does not explain (anti-correlated detail
/// counts as invented).</para>
/// </remarks>
/// <param name="Agreeing">A per pixel, row-major.</param>
/// <param name="Invented">V per pixel, row-major.</param>
public sealed record InventedDetailMap(int Width, int Height, int Scale, double[] Agreeing, double[] Invented)
{
    /// <summary>The Gaussian window's σ in pixels for a run's scale: one low-resolution pixel.</summary>
    public static double WindowSigma(int scale) => scale;

    /// <summary>The window's radius in pixels: 3σ (scipy's <c>truncate = 3</c> for a whole-number σ).</summary>
    public static int WindowRadius(int scale) => 3 * scale;

    /// <exception cref="ArgumentException">The images differ in size, or the scale is below 1.</exception>
    public static InventedDetailMap Compute(GrayImage original, GrayImage output, int scale)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(output);
        if (original.Width != output.Width || original.Height != output.Height)
            throw new ArgumentException("Image sizes differ.", nameof(output));
        int w = original.Width, h = original.Height;
        var band = DetailBand.For(w, h, scale);
        double[] hx = band.BandPassed(original), hy = band.BandPassed(output);
        var xx = new double[hx.Length];
        var yy = new double[hx.Length];
        var xy = new double[hx.Length];
        for (int i = 0; i < hx.Length; i++)
        {
            xx[i] = hx[i] * hx[i];
            yy[i] = hy[i] * hy[i];
            xy[i] = hx[i] * hy[i];
        }
        double[] kernel = GaussianKernel(scale);
        Smooth(xx, w, h, kernel);
        Smooth(yy, w, h, kernel);
        Smooth(xy, w, h, kernel);
        var agreeing = new double[hx.Length];
        var invented = new double[hx.Length];
        for (int i = 0; i < hx.Length; i++)
        {
            double positive = Math.Max(xy[i], 0);
            agreeing[i] = xx[i] > 0 ? Math.Min(positive * positive / xx[i], Math.Max(yy[i], 0)) : 0;
            invented[i] = Math.Max(yy[i] - agreeing[i], 0);
        }
        return new InventedDetailMap(w, h, scale, agreeing, invented);
    }

    /// <summary>exp(−x²/(2σ²)) for x = −r … r, normalised to sum 1.</summary>
    internal static double[] GaussianKernel(int scale)
    {
        double sigma = WindowSigma(scale);
        int r = WindowRadius(scale);
        var k = new double[2 * r + 1];
        double sum = 0;
        for (int i = 0; i < k.Length; i++)
        {
            int x = i - r;
            k[i] = Math.Exp(-0.5 / (sigma * sigma) * (x * x));
            sum += k[i];
        }
        for (int i = 0; i < k.Length; i++) k[i] /= sum;
        return k;
    }

    /// <summary>Separable filtering in place with mirrored borders (OpenCV <c>BORDER_REFLECT</c>).</summary>
    private static void Smooth(double[] values, int w, int h, double[] kernel)
    {
        using var src = new Mat(h, w, MatType.CV_64FC1);
        Marshal.Copy(values, 0, src.Data, values.Length);
        using var k = new Mat(kernel.Length, 1, MatType.CV_64FC1);
        Marshal.Copy(kernel, 0, k.Data, kernel.Length);
        using var dst = new Mat();
        Cv2.SepFilter2D(src, dst, MatType.CV_64F, k, k, new Point(-1, -1), 0, BorderTypes.Reflect);
        Marshal.Copy(dst.Data, values, 0, values.Length);
    }
}
