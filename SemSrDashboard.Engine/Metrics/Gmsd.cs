using System.Buffers;
using System.Numerics;
using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>
/// Gradient magnitude similarity deviation (Xue, Zhang, Mou &amp; Bovik 2014).
/// </summary>
/// <remarks>
/// <para>Input: two 8-bit grey images of equal size, as float64 on the 0–255 scale, each first reduced once by the
/// 2×2 block mean over the top-left even-sized region (an odd last row or column is dropped).</para>
/// <para>Prewitt kernels hx = [1 0 −1; 1 0 −1; 1 0 −1]/3 and hy = hxᵀ, valid region only ((W/2 − 2)×(H/2 − 2)
/// positions); m = √(gx² + gy²) per image (the sign convention of the kernels does not enter m);
/// GMS = (2·m_X·m_Y + c)/(m_X² + m_Y² + c) with c = 170; gmsd = population standard deviation of GMS.</para>
/// <para>Unitless, ≥ 0, lower is better; identical (and constant) pairs give 0. <c>nan</c> when the half-size images
/// have a side under 3 pixels.</para>
/// </remarks>
public static class Gmsd
{
    /// <summary>The stabilising constant c (for the 0–255 scale).</summary>
    public const double C = 170;

    /// <summary>GMSD of <paramref name="output"/> against <paramref name="original"/>, or <c>nan</c> when too small.</summary>
    /// <exception cref="ArgumentException">The images differ in size.</exception>
    public static double Compute(GrayImage original, GrayImage output)
    {
        MetricGuards.RequireSameSize(original, output, minSide: 0);
        if (!IsLargeEnough(original.Width, original.Height)) return double.NaN;
        return FromMagnitudes(GradientMagnitude(original), output);
    }

    /// <summary>GMSD of an output against the original's magnitude map from <see cref="GradientMagnitude(GrayImage)"/>.</summary>
    internal static double FromMagnitudes(double[] originalMagnitude, GrayImage output)
    {
        int n = (output.Width / 2 - 2) * (output.Height / 2 - 2);
        double[] m = ArrayPool<double>.Shared.Rent(n);
        try
        {
            GradientMagnitude(output, m);
            return FromMagnitudes(originalMagnitude.AsSpan(0, n), m.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(m);
        }
    }

    /// <summary>Whether the half-size images have both sides ≥ 3 (one Prewitt position).</summary>
    public static bool IsLargeEnough(int width, int height) => width / 2 >= 3 && height / 2 >= 3;

    /// <summary>Prewitt gradient magnitude of the 2×2 block-mean half of an 8-bit image over its valid region,
    /// row-major (⌊W/2⌋ − 2)×(⌊H/2⌋ − 2).</summary>
    internal static double[] GradientMagnitude(GrayImage image)
    {
        var m = new double[(image.Width / 2 - 2) * (image.Height / 2 - 2)];
        GradientMagnitude(image, m);
        return m;
    }

    /// <summary>As <see cref="GradientMagnitude(GrayImage)"/>, into the start of <paramref name="m"/>.</summary>
    private static void GradientMagnitude(GrayImage image, double[] m)
    {
        int w = image.Width / 2, h = image.Height / 2, ow = w - 2, oh = h - 2;
        double[] half = ArrayPool<double>.Shared.Rent(w * h);
        try
        {
            GrayPlane.HalveByBlockMean(image, half);
            for (int y = 0; y < oh; y++)
            {
                int r0 = y * w, r1 = r0 + w, r2 = r1 + w;
                int x = 0;
                if (Vector.IsHardwareAccelerated)
                {
                    // The same operations in the same order as the scalar loop below, lane by lane: the same bits.
                    var three = new Vector<double>(3);
                    ReadOnlySpan<double> hv = half;
                    for (; x <= ow - Vector<double>.Count; x += Vector<double>.Count)
                    {
                        var left = new Vector<double>(hv.Slice(r0 + x)) + new Vector<double>(hv.Slice(r1 + x)) + new Vector<double>(hv.Slice(r2 + x));
                        var right = new Vector<double>(hv.Slice(r0 + x + 2)) + new Vector<double>(hv.Slice(r1 + x + 2)) + new Vector<double>(hv.Slice(r2 + x + 2));
                        var top = new Vector<double>(hv.Slice(r0 + x)) + new Vector<double>(hv.Slice(r0 + x + 1)) + new Vector<double>(hv.Slice(r0 + x + 2));
                        var bottom = new Vector<double>(hv.Slice(r2 + x)) + new Vector<double>(hv.Slice(r2 + x + 1)) + new Vector<double>(hv.Slice(r2 + x + 2));
                        var gx = (left - right) / three;
                        var gy = (top - bottom) / three;
                        Vector.SquareRoot(gx * gx + gy * gy).CopyTo(m.AsSpan(y * ow + x));
                    }
                }
                for (; x < ow; x++)
                {
                    // Column sums of the three rows at x and x + 2 (gx), row sums of three columns in rows y and y + 2 (gy).
                    double left = half[r0 + x] + half[r1 + x] + half[r2 + x];
                    double right = half[r0 + x + 2] + half[r1 + x + 2] + half[r2 + x + 2];
                    double top = half[r0 + x] + half[r0 + x + 1] + half[r0 + x + 2];
                    double bottom = half[r2 + x] + half[r2 + x + 1] + half[r2 + x + 2];
                    double gx = (left - right) / 3, gy = (top - bottom) / 3;
                    m[y * ow + x] = Math.Sqrt(gx * gx + gy * gy);
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(half);
        }
    }

    /// <summary>Population standard deviation of the GMS map of two magnitude maps of equal length (two passes:
    /// the mean, then the mean squared deviation from it; each accumulated in vector lanes, then the lanes in order).</summary>
    private static double FromMagnitudes(ReadOnlySpan<double> original, ReadOnlySpan<double> output)
    {
        int n = original.Length;
        double mean = Sum(original, output, 0, squaredDeviations: false) / n;
        return Math.Sqrt(Sum(original, output, mean, squaredDeviations: true) / n);
    }

    /// <summary>Σ GMS, or Σ (GMS − mean)².</summary>
    private static double Sum(ReadOnlySpan<double> original, ReadOnlySpan<double> output, double mean, bool squaredDeviations)
    {
        int n = original.Length, i = 0;
        double total = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var acc = Vector<double>.Zero;
            var c = new Vector<double>(C);
            var vmean = new Vector<double>(mean);
            for (; i <= n - Vector<double>.Count; i += Vector<double>.Count)
            {
                var a = new Vector<double>(original.Slice(i));
                var b = new Vector<double>(output.Slice(i));
                var gms = (new Vector<double>(2) * a * b + c) / (a * a + b * b + c);
                if (squaredDeviations)
                {
                    var d = gms - vmean;
                    acc += d * d;
                }
                else
                {
                    acc += gms;
                }
            }
            for (int k = 0; k < Vector<double>.Count; k++) total += acc[k];
        }
        for (; i < n; i++)
        {
            double gms = Similarity(original[i], output[i]);
            total += squaredDeviations ? (gms - mean) * (gms - mean) : gms;
        }
        return total;
    }

    private static double Similarity(double a, double b) => (2 * a * b + C) / (a * a + b * b + C);
}
