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
/// <para>Implementation: one pass over the rows of the two half-size images, each row's magnitudes computed into a
/// row buffer (no whole-image maps: an 8192² pair would need 128 MiB per map); the deviation is taken from the
/// first GMS value, whose Σd and Σd² give the variance Σd²/n − (Σd/n)² without the cancellation of raw moments
/// (GMS lies in (0, 1]; identical images give every GMS exactly 1, hence exactly 0).</para>
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
        return FromHalves(GrayPlane.HalveByBlockMean(original), GrayPlane.HalveByBlockMean(output));
    }

    /// <summary>Whether the half-size images have both sides ≥ 3 (one Prewitt position).</summary>
    public static bool IsLargeEnough(int width, int height) => width / 2 >= 3 && height / 2 >= 3;

    /// <summary>GMSD of two 2×2 block-mean halves of equal size (<see cref="GrayPlane.HalveByBlockMean(GrayImage)"/>;
    /// MS-SSIM's second scale is the same plane), sides ≥ 3.</summary>
    internal static double FromHalves(GrayPlane original, GrayPlane output)
    {
        int w = original.Width, h = original.Height, ow = w - 2, oh = h - 2;
        if (output.Width != w || output.Height != h) throw new ArgumentException("Half-size planes differ in size.", nameof(output));
        var pool = ArrayPool<double>.Shared;
        double[] mx = pool.Rent(ow), my = pool.Rent(ow);
        try
        {
            double shift = 0, deviations = 0, squares = 0;
            for (int y = 0; y < oh; y++)
            {
                MagnitudeRow(original.Values, w, y, mx);
                MagnitudeRow(output.Values, w, y, my);
                if (y == 0) shift = Similarity(mx[0], my[0]);
                AddDeviations(mx.AsSpan(0, ow), my.AsSpan(0, ow), shift, ref deviations, ref squares);
            }
            double n = (double)ow * oh, meanDeviation = deviations / n;
            return Math.Sqrt(Math.Max(0, squares / n - meanDeviation * meanDeviation));
        }
        finally
        {
            pool.Return(mx);
            pool.Return(my);
        }
    }

    /// <summary>Prewitt gradient magnitude of output row <paramref name="y"/> (image rows y … y + 2) of a half-size
    /// plane of width <paramref name="w"/>, into the first w − 2 values of <paramref name="m"/>.</summary>
    private static void MagnitudeRow(double[] half, int w, int y, double[] m)
    {
        int ow = w - 2, r0 = y * w, r1 = r0 + w, r2 = r1 + w;
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
                Vector.SquareRoot(gx * gx + gy * gy).CopyTo(m.AsSpan(x));
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
            m[x] = Math.Sqrt(gx * gx + gy * gy);
        }
    }

    /// <summary>Σ (GMS − shift) and Σ (GMS − shift)² over one row of magnitudes, added to the running sums (vector
    /// lanes first, then the lanes in order).</summary>
    private static void AddDeviations(ReadOnlySpan<double> original, ReadOnlySpan<double> output, double shift,
        ref double deviations, ref double squares)
    {
        int n = original.Length, i = 0;
        double sum = 0, sumOfSquares = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var acc = Vector<double>.Zero;
            var accSquares = Vector<double>.Zero;
            var c = new Vector<double>(C);
            var two = new Vector<double>(2);
            var vshift = new Vector<double>(shift);
            for (; i <= n - Vector<double>.Count; i += Vector<double>.Count)
            {
                var a = new Vector<double>(original.Slice(i));
                var b = new Vector<double>(output.Slice(i));
                var d = (two * a * b + c) / (a * a + b * b + c) - vshift;
                acc += d;
                accSquares += d * d;
            }
            for (int k = 0; k < Vector<double>.Count; k++)
            {
                sum += acc[k];
                sumOfSquares += accSquares[k];
            }
        }
        for (; i < n; i++)
        {
            double d = Similarity(original[i], output[i]) - shift;
            sum += d;
            sumOfSquares += d * d;
        }
        deviations += sum;
        squares += sumOfSquares;
    }

    private static double Similarity(double a, double b) => (2 * a * b + C) / (a * a + b * b + C);
}
