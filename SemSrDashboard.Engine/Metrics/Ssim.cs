using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>
/// Structural similarity (Wang et al. 2004) with the Gaussian window, as in the authors' MATLAB code and BasicSR
/// <c>metrics/psnr_ssim.py</c> (<c>_ssim</c>), without any downsampling.
/// </summary>
/// <remarks>
/// <para>Input: two 8-bit grey images of equal size, at least 11×11; values on the 0–255 scale, L = 255.</para>
/// <para>Window: 11×11 Gaussian, σ = 1.5, radius 5 (scipy's <c>truncate = 3.5</c> gives int(3.5·1.5 + 0.5) = 5),
/// weights <c>exp(−x²/(2σ²))</c> normalised to sum 1, applied separably. Local statistics use the population
/// covariance (no N/(N−1) factor). Constants C1 = (0.01·255)², C2 = (0.03·255)².</para>
/// <para>SSIM map: <c>((2μxμy + C1)(2σxy + C2)) / ((μx² + μy² + C1)(σx² + σy² + C2))</c>; the result is the mean of the
/// map over the valid region only, i.e. the (W−10)×(H−10) window positions that lie completely inside the image.
/// No padding enters the result: scikit-image filters with <c>mode='reflect'</c> and then crops 5 pixels from every
/// side, and every pixel it keeps is computed from in-image samples only, so both are the same thing.</para>
/// <para>Equal (to ~1e-15) to scikit-image 0.19 <c>structural_similarity(ref, test, data_range=255,
/// gaussian_weights=True, sigma=1.5, use_sample_covariance=False)</c>. Unitless, in [−1, 1]; identical images give 1.</para>
/// <para>Implementation: float64 throughout; rows are filtered horizontally into an 11-row ring buffer and then
/// vertically, in horizontal strips of output rows (processed in parallel, summed in a fixed order, so results are
/// deterministic). Memory is O(width) per worker, independent of the image height.</para>
/// </remarks>
public static class Ssim
{
    /// <summary>Window radius in pixels (11 taps).</summary>
    public const int Radius = 5;
    /// <summary>Window side length.</summary>
    public const int WindowSize = 2 * Radius + 1;
    /// <summary>Gaussian standard deviation in pixels.</summary>
    public const double Sigma = 1.5;

    internal static readonly double C1 = (0.01 * 255) * (0.01 * 255);
    internal static readonly double C2 = (0.03 * 255) * (0.03 * 255);

    /// <summary>The normalised 11-tap kernel, built as scipy.ndimage's <c>_gaussian_kernel1d</c>.</summary>
    internal static readonly double[] Weights = MakeWeights();

    /// <summary>Mean SSIM of <paramref name="test"/> against <paramref name="reference"/> (symmetric).</summary>
    /// <exception cref="ArgumentException">Sizes differ, or a side is shorter than 11 pixels.</exception>
    public static double Compute(GrayImage reference, GrayImage test)
    {
        MetricGuards.RequireSameSize(reference, test, WindowSize);
        return Run(reference, test, map: null);
    }

    /// <summary>Computes the mean and, when <paramref name="map"/> is given, writes the valid-region SSIM map
    /// ((W−10)×(H−10), row-major) into it.</summary>
    internal static double Run(GrayImage reference, GrayImage test, float[]? map)
    {
        int w = reference.Width, h = reference.Height;
        int ow = w - 2 * Radius, oh = h - 2 * Radius;
        byte[] a = reference.Pixels, b = test.Pixels;
        return MetricGuards.MeanOverStrips(oh, ow, () => new Buffers(w), (first, last, buffers) => SumStrip(a, b, w, first, last, buffers, map));
    }

    internal sealed class Buffers
    {
        public readonly double[] Row;   // 5 quantities × w: x, y, x², y², xy of one input row
        public readonly double[] Ring;  // 11 rows × 5 quantities × ow, horizontally filtered
        public Buffers(int w)
        {
            Row = new double[5 * w];
            Ring = new double[WindowSize * 5 * (w - 2 * Radius)];
        }
    }

    /// <summary>Σ of SSIM map values for output rows [oy0, oy1) (output row oy is centred on image row oy+5).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // metric kernels run few times: skip tier-0 code
    private static double SumStrip(byte[] a, byte[] b, int w, int oy0, int oy1, Buffers buf, float[]? map)
    {
        int ow = w - 2 * Radius;
        double[] row = buf.Row, ring = buf.Ring;
        double total = 0;
        for (int iy = oy0; iy < oy1 + 2 * Radius; iy++)
        {
            // Load one input row as the five float64 quantities.
            int src = iy * w;
            for (int x = 0; x < w; x++)
            {
                double va = a[src + x], vb = b[src + x];
                row[x] = va;
                row[w + x] = vb;
                row[2 * w + x] = va * va;
                row[3 * w + x] = vb * vb;
                row[4 * w + x] = va * vb;
            }
            int slot = iy % WindowSize;
            for (int q = 0; q < 5; q++)
                FilterRow(row.AsSpan(q * w, w), ring.AsSpan((slot * 5 + q) * ow, ow));

            int oy = iy - 2 * Radius;
            if (oy < oy0) continue;
            double rowSum = VerticalAndSsim(ring, ow, oy, map is null ? default : map.AsSpan(oy * ow, ow));
            total += rowSum;
        }
        return total;
    }

    /// <summary>dst[c] = Σk w[k]·src[c+k] for c in [0, src.Length − 10).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // metric kernels run few times: skip tier-0 code
    private static void FilterRow(ReadOnlySpan<double> src, Span<double> dst)
    {
        double[] wt = Weights;
        double w0 = wt[0], w1 = wt[1], w2 = wt[2], w3 = wt[3], w4 = wt[4], w5 = wt[5];
        int n = dst.Length;
        ref double s = ref MemoryMarshal.GetReference(src);
        ref double d = ref MemoryMarshal.GetReference(dst);
        int c = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var v0 = new Vector<double>(w0); var v1 = new Vector<double>(w1); var v2 = new Vector<double>(w2);
            var v3 = new Vector<double>(w3); var v4 = new Vector<double>(w4); var v5 = new Vector<double>(w5);
            for (; c <= n - Vector<double>.Count; c += Vector<double>.Count)
            {
                nuint o = (nuint)c;
                var acc = v5 * Vector.LoadUnsafe(ref s, o + 5);
                acc += v0 * (Vector.LoadUnsafe(ref s, o) + Vector.LoadUnsafe(ref s, o + 10));
                acc += v1 * (Vector.LoadUnsafe(ref s, o + 1) + Vector.LoadUnsafe(ref s, o + 9));
                acc += v2 * (Vector.LoadUnsafe(ref s, o + 2) + Vector.LoadUnsafe(ref s, o + 8));
                acc += v3 * (Vector.LoadUnsafe(ref s, o + 3) + Vector.LoadUnsafe(ref s, o + 7));
                acc += v4 * (Vector.LoadUnsafe(ref s, o + 4) + Vector.LoadUnsafe(ref s, o + 6));
                acc.StoreUnsafe(ref d, o);
            }
        }
        for (; c < n; c++)
        {
            Unsafe.Add(ref d, c) = w5 * src[c + 5] + w0 * (src[c] + src[c + 10]) + w1 * (src[c + 1] + src[c + 9])
                + w2 * (src[c + 2] + src[c + 8]) + w3 * (src[c + 3] + src[c + 7]) + w4 * (src[c + 4] + src[c + 6]);
        }
    }

    /// <summary>Vertical pass over the ring (rows oy..oy+10) for all five quantities, SSIM per column, row sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // metric kernels run few times: skip tier-0 code
    private static double VerticalAndSsim(double[] ring, int ow, int oy, Span<float> mapRow)
    {
        double[] wt = Weights;
        int plane = 5 * ow;
        // Ring slots of input rows oy+k, k = 0..10.
        Span<int> off = stackalloc int[WindowSize];
        for (int k = 0; k < WindowSize; k++) off[k] = ((oy + k) % WindowSize) * plane;
        ref double r = ref MemoryMarshal.GetArrayDataReference(ring);
        bool writeMap = !mapRow.IsEmpty;
        double c1 = C1, c2 = C2;
        double total = 0;
        int c = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vc1 = new Vector<double>(c1);
            var vc2 = new Vector<double>(c2);
            var two = new Vector<double>(2.0);
            var acc = Vector<double>.Zero;
            Span<double> lanes = stackalloc double[Vector<double>.Count];
            for (; c <= ow - Vector<double>.Count; c += Vector<double>.Count)
            {
                var mx = VerticalVec(ref r, off, wt, (nuint)c);
                var my = VerticalVec(ref r, off, wt, (nuint)(ow + c));
                var mxx = VerticalVec(ref r, off, wt, (nuint)(2 * ow + c));
                var myy = VerticalVec(ref r, off, wt, (nuint)(3 * ow + c));
                var mxy = VerticalVec(ref r, off, wt, (nuint)(4 * ow + c));
                var mxmy = mx * my;
                var vx = mxx - mx * mx;
                var vy = myy - my * my;
                var vxy = mxy - mxmy;
                var s = ((two * mxmy + vc1) * (two * vxy + vc2)) / ((mx * mx + my * my + vc1) * (vx + vy + vc2));
                acc += s;
                if (writeMap)
                {
                    s.CopyTo(lanes);
                    for (int k = 0; k < lanes.Length; k++) mapRow[c + k] = (float)lanes[k];
                }
            }
            for (int k = 0; k < Vector<double>.Count; k++) total += acc[k];
        }
        for (; c < ow; c++)
        {
            double mx = VerticalScalar(ring, off, wt, c);
            double my = VerticalScalar(ring, off, wt, ow + c);
            double mxx = VerticalScalar(ring, off, wt, 2 * ow + c);
            double myy = VerticalScalar(ring, off, wt, 3 * ow + c);
            double mxy = VerticalScalar(ring, off, wt, 4 * ow + c);
            double s = SsimValue(mx, my, mxx - mx * mx, myy - my * my, mxy - mx * my, c1, c2);
            total += s;
            if (writeMap) mapRow[c] = (float)s;
        }
        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> VerticalVec(ref double r, ReadOnlySpan<int> off, double[] wt, nuint i)
    {
        var acc = new Vector<double>(wt[5]) * Vector.LoadUnsafe(ref r, (nuint)off[5] + i);
        for (int k = 0; k < Radius; k++)
            acc += new Vector<double>(wt[k]) *
                   (Vector.LoadUnsafe(ref r, (nuint)off[k] + i) + Vector.LoadUnsafe(ref r, (nuint)off[2 * Radius - k] + i));
        return acc;
    }

    private static double VerticalScalar(double[] ring, ReadOnlySpan<int> off, double[] wt, int i)
    {
        double acc = wt[5] * ring[off[5] + i];
        for (int k = 0; k < Radius; k++)
            acc += wt[k] * (ring[off[k] + i] + ring[off[2 * Radius - k] + i]);
        return acc;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double SsimValue(double mx, double my, double vx, double vy, double vxy, double c1, double c2) =>
        ((2 * mx * my + c1) * (2 * vxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));

    private static double[] MakeWeights()
    {
        var k = new double[WindowSize];
        double sum = 0;
        for (int i = 0; i < WindowSize; i++)
        {
            int x = i - Radius;
            k[i] = Math.Exp(-0.5 / (Sigma * Sigma) * (x * x));
            sum += k[i];
        }
        for (int i = 0; i < WindowSize; i++) k[i] /= sum;
        return k;
    }
}
