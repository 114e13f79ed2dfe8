using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
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
/// <para>Implementation: one pass over the rows of the two half-size images, each row's squared gradients
/// s = (3·gx)² + (3·gy)² (the Prewitt sums before the division by 3) computed into a row buffer (no whole-image maps:
/// an 8192² pair would need 128 MiB per map). With m = √s/3, GMS = (2·√(s_X·s_Y) + 9c)/(s_X + s_Y + 9c): one square
/// root and one division per position instead of two roots and three divisions (the same value up to rounding,
/// of order 1e-16 of each GMS). The deviation is taken from the first GMS value, whose Σd and Σd² give the variance
/// Σd²/n − (Σd/n)² without the cancellation of raw moments (GMS lies in (0, 1]; identical images give every GMS
/// exactly 1, since √(s·s) = s in float64, hence exactly 0).</para>
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
        double[] sx = pool.Rent(ow), sy = pool.Rent(ow);
        try
        {
            double shift = 0, deviations = 0, squares = 0;
            for (int y = 0; y < oh; y++)
            {
                SquaredGradientRow(original.Values, w, y, sx);
                SquaredGradientRow(output.Values, w, y, sy);
                if (y == 0) shift = Similarity(sx[0], sy[0]);
                AddDeviations(sx.AsSpan(0, ow), sy.AsSpan(0, ow), shift, ref deviations, ref squares);
            }
            double n = (double)ow * oh, meanDeviation = deviations / n;
            return Math.Sqrt(Math.Max(0, squares / n - meanDeviation * meanDeviation));
        }
        finally
        {
            pool.Return(sx);
            pool.Return(sy);
        }
    }

    /// <summary>Squared Prewitt gradient of output row <paramref name="y"/> (image rows y … y + 2) of a half-size
    /// plane of width <paramref name="w"/>, times 9 (s = (3·gx)² + (3·gy)²), into the first w − 2 values of
    /// <paramref name="s"/>.</summary>
    private static void SquaredGradientRow(double[] half, int w, int y, double[] s)
    {
        int ow = w - 2, r0 = y * w, r1 = r0 + w, r2 = r1 + w;
        int x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // The same operations in the same order as the scalar loop below, lane by lane: the same bits.
            ref double p0 = ref half[r0];
            ref double p1 = ref half[r1];
            ref double p2 = ref half[r2];
            ref double dst = ref s[0];
            _ = half[r2 + ow + 1]; // the last values read and written below
            _ = s[ow - 1];
            for (; x <= ow - Vector<double>.Count; x += Vector<double>.Count)
            {
                nuint i = (nuint)x;
                Vector<double> a0 = Vector.LoadUnsafe(ref p0, i), a2 = Vector.LoadUnsafe(ref p0, i + 2);
                Vector<double> c0 = Vector.LoadUnsafe(ref p2, i), c2 = Vector.LoadUnsafe(ref p2, i + 2);
                var left = a0 + Vector.LoadUnsafe(ref p1, i) + c0;
                var right = a2 + Vector.LoadUnsafe(ref p1, i + 2) + c2;
                var top = a0 + Vector.LoadUnsafe(ref p0, i + 1) + a2;
                var bottom = c0 + Vector.LoadUnsafe(ref p2, i + 1) + c2;
                var gx = left - right;
                var gy = top - bottom;
                (gx * gx + gy * gy).StoreUnsafe(ref dst, i);
            }
        }
        for (; x < ow; x++)
        {
            // Column sums of the three rows at x and x + 2 (gx), row sums of three columns in rows y and y + 2 (gy).
            double left = half[r0 + x] + half[r1 + x] + half[r2 + x];
            double right = half[r0 + x + 2] + half[r1 + x + 2] + half[r2 + x + 2];
            double top = half[r0 + x] + half[r0 + x + 1] + half[r0 + x + 2];
            double bottom = half[r2 + x] + half[r2 + x + 1] + half[r2 + x + 2];
            double gx = left - right, gy = top - bottom;
            s[x] = gx * gx + gy * gy;
        }
    }

    /// <summary>Σ (GMS − shift) and Σ (GMS − shift)² over one row of squared gradients (see
    /// <see cref="SquaredGradientRow"/>), added to the running sums (vector
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
            var c = new Vector<double>(ScaledC);
            var two = new Vector<double>(2);
            var vshift = new Vector<double>(shift);
            ref double sx = ref MemoryMarshal.GetReference(original);
            ref double sy = ref MemoryMarshal.GetReference(output);
            if (output.Length != n) throw new ArgumentException("Rows differ in length.", nameof(output));
            for (; i <= n - Vector<double>.Count; i += Vector<double>.Count)
            {
                var a = Vector.LoadUnsafe(ref sx, (nuint)i);
                var b = Vector.LoadUnsafe(ref sy, (nuint)i);
                var d = (two * Vector.SquareRoot(a * b) + c) / (a + b + c) - vshift;
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

    /// <summary>GMS from the squared gradients s_X, s_Y of <see cref="SquaredGradientRow"/> (9 m², so c is scaled
    /// by 9 as well).</summary>
    private static double Similarity(double a, double b) => (2 * Math.Sqrt(a * b) + ScaledC) / (a + b + ScaledC);

    /// <summary>9c: c on the scale of the squared Prewitt sums before the division by 3 (exact).</summary>
    private const double ScaledC = 9 * C;
}
