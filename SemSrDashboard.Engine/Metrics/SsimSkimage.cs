using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>
/// Structural similarity with scikit-image's default settings: <c>structural_similarity(ref, test, data_range=255)</c>
/// (scikit-image 0.19), i.e. a 7×7 uniform window and the sample covariance.
/// </summary>
/// <remarks>
/// <para>Input: two 8-bit grey images of equal size, at least 7×7; values on the 0–255 scale, data range L = 255.</para>
/// <para>Window: 7×7 box (scipy <c>uniform_filter(size=7)</c>), N = 49. Variances and covariance are the sample
/// estimates: the population value multiplied by N/(N−1) = 49/48. Constants C1 = (0.01·255)², C2 = (0.03·255)².</para>
/// <para>Result: the mean of the SSIM map after cropping 3 pixels from every side, i.e. over the (W−6)×(H−6) window
/// positions lying completely inside the image (scikit-image's reflect padding never reaches those).</para>
/// <para>The window sums are exact integer sums (running sums along rows and down columns) and the variances are
/// formed from them exactly as (N·Σx² − (Σx)²)/(N(N−1)); only the final SSIM ratio is float64. This agrees with
/// scikit-image (which forms the same quantities with float64 round-off) to ~1e-15. Unitless; identical images give 1.</para>
/// <para>Processing is in horizontal strips of output rows (parallel, summed in a fixed order); memory is O(width)
/// per worker.</para>
/// </remarks>
public static class SsimSkimage
{
    /// <summary>Window side length.</summary>
    public const int WindowSize = 7;
    private const int Pad = WindowSize / 2;
    private const int N = WindowSize * WindowSize;

    /// <summary>Mean SSIM (scikit-image defaults) of <paramref name="test"/> against <paramref name="reference"/>.</summary>
    /// <exception cref="ArgumentException">Sizes differ, or a side is shorter than 7 pixels.</exception>
    public static double Compute(GrayImage reference, GrayImage test)
    {
        MetricGuards.RequireSameSize(reference, test, WindowSize);
        return Run(reference, test, map: null);
    }

    internal static double Run(GrayImage reference, GrayImage test, float[]? map)
    {
        int w = reference.Width, h = reference.Height;
        int ow = w - 2 * Pad, oh = h - 2 * Pad;
        byte[] a = reference.Pixels, b = test.Pixels;
        return MetricGuards.MeanOverStrips(oh, ow, () => new Buffers(ow), (first, last, buffers) => SumStrip(a, b, w, first, last, buffers, map));
    }

    private sealed class Buffers
    {
        // Integer sums held in float64 (all below 2^53, so exact): 7 rows × 5 quantities × ow horizontal sums,
        // the running 7×7 column sums and the current row's horizontal sums.
        public readonly double[] Ring;
        public readonly double[] Vertical;
        public readonly double[] Row;
        public Buffers(int ow)
        {
            Ring = new double[WindowSize * 5 * ow];
            Vertical = new double[5 * ow];
            Row = new double[5 * ow];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // metric kernels run few times: skip tier-0 code
    private static double SumStrip(byte[] a, byte[] b, int w, int oy0, int oy1, Buffers buf, float[]? map)
    {
        int ow = w - 2 * Pad;
        double[] ring = buf.Ring, vs = buf.Vertical, hrow = buf.Row;
        Array.Clear(ring);
        Array.Clear(vs);
        double total = 0;
        for (int iy = oy0; iy < oy1 + 2 * Pad; iy++)
        {
            HorizontalSums(a.AsSpan(iy * w, w), b.AsSpan(iy * w, w), hrow, ow);
            // Running column sums: add this row, drop the row 7 above (it sits in the same ring slot).
            UpdateColumns(vs, ring.AsSpan((iy % WindowSize) * 5 * ow, 5 * ow), hrow);
            int oy = iy - 2 * Pad;
            if (oy < oy0) continue;
            total += SsimRow(vs, ow, map is null ? default : map.AsSpan(oy * ow, ow));
        }
        return total;
    }

    /// <summary>Exact 7-wide sums of x, y, x², y², xy along one row (running sums).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // metric kernels run few times: skip tier-0 code
    private static void HorizontalSums(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, double[] h, int ow)
    {
        int hx = 0, hy = 0, hxx = 0, hyy = 0, hxy = 0;
        for (int x = 0; x < WindowSize - 1; x++)
        {
            int va = a[x], vb = b[x];
            hx += va; hy += vb; hxx += va * va; hyy += vb * vb; hxy += va * vb;
        }
        for (int c = 0; c < ow; c++)
        {
            int va = a[c + WindowSize - 1], vb = b[c + WindowSize - 1];
            hx += va; hy += vb; hxx += va * va; hyy += vb * vb; hxy += va * vb;
            h[c] = hx; h[ow + c] = hy; h[2 * ow + c] = hxx; h[3 * ow + c] = hyy; h[4 * ow + c] = hxy;
            int pa = a[c], pb = b[c];
            hx -= pa; hy -= pb; hxx -= pa * pa; hyy -= pb * pb; hxy -= pa * pb;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // metric kernels run few times: skip tier-0 code
    private static void UpdateColumns(Span<double> vs, Span<double> slot, ReadOnlySpan<double> h)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref double rv = ref MemoryMarshal.GetReference(vs);
            ref double rs = ref MemoryMarshal.GetReference(slot);
            ref double rh = ref MemoryMarshal.GetReference(h);
            for (; i <= vs.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var hv = Vector.LoadUnsafe(ref rh, (nuint)i);
                (Vector.LoadUnsafe(ref rv, (nuint)i) + hv - Vector.LoadUnsafe(ref rs, (nuint)i)).StoreUnsafe(ref rv, (nuint)i);
                hv.StoreUnsafe(ref rs, (nuint)i);
            }
        }
        for (; i < vs.Length; i++)
        {
            vs[i] += h[i] - slot[i];
            slot[i] = h[i];
        }
    }

    /// <summary>SSIM for one output row from the exact 7×7 sums; returns the row sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // metric kernels run few times: skip tier-0 code
    private static double SsimRow(double[] vs, int ow, Span<float> mapRow)
    {
        double c1 = Ssim.C1, c2 = Ssim.C2;
        const double norm = N * (N - 1.0);
        bool writeMap = !mapRow.IsEmpty;
        double total = 0;
        int c = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref double r = ref MemoryMarshal.GetArrayDataReference(vs);
            var vn = new Vector<double>(N);
            var vnorm = new Vector<double>(norm);
            var vc1 = new Vector<double>(c1);
            var vc2 = new Vector<double>(c2);
            var two = new Vector<double>(2.0);
            var acc = Vector<double>.Zero;
            Span<double> lanes = stackalloc double[Vector<double>.Count];
            for (; c <= ow - Vector<double>.Count; c += Vector<double>.Count)
            {
                // Sums and the products below are integers < 2^53, hence exact in float64.
                var sx = Vector.LoadUnsafe(ref r, (nuint)(c));
                var sy = Vector.LoadUnsafe(ref r, (nuint)(ow + c));
                var sxx = Vector.LoadUnsafe(ref r, (nuint)(2 * ow + c));
                var syy = Vector.LoadUnsafe(ref r, (nuint)(3 * ow + c));
                var sxy = Vector.LoadUnsafe(ref r, (nuint)(4 * ow + c));
                var mx = sx / vn;
                var my = sy / vn;
                var vx = (vn * sxx - sx * sx) / vnorm;
                var vy = (vn * syy - sy * sy) / vnorm;
                var vxy = (vn * sxy - sx * sy) / vnorm;
                var s = ((two * mx * my + vc1) * (two * vxy + vc2)) / ((mx * mx + my * my + vc1) * (vx + vy + vc2));
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
            double sx = vs[c], sy = vs[ow + c], sxx = vs[2 * ow + c], syy = vs[3 * ow + c], sxy = vs[4 * ow + c];
            double s = Ssim.SsimValue(sx / N, sy / N,
                (N * sxx - sx * sx) / norm, (N * syy - sy * sy) / norm, (N * sxy - sx * sy) / norm, c1, c2);
            total += s;
            if (writeMap) mapRow[c] = (float)s;
        }
        return total;
    }
}
