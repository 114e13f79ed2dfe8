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
/// <para>The window sums are exact int32 sums (7-wide sums along rows, running sums down columns) and the SSIM is
/// formed from them with the normalisations cancelled (see <see cref="SsimRow"/>), so only its final ratio rounds.
/// This agrees with scikit-image (which forms the same quantities with float64 round-off) to ~1e-15. Unitless;
/// identical images give 1.</para>
/// <para>Processing is in horizontal strips of output rows (parallel, summed in a fixed order) and, within a strip,
/// in blocks of 64 output columns; memory is a few KiB per worker, independent of the image size.</para>
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
        return MetricGuards.MeanOverStrips(oh, ow, Buffers.ForThisThread, (first, last, buffers) => SumStrip(a, b, w, first, last, buffers, map));
    }

    /// <summary>Output columns per block, so that the block's sums stay in the L1 cache (as in <see cref="Ssim"/>).</summary>
    private const int BlockColumns = 64;
    /// <summary>Quantity planes: x, y, x² + y², xy (σx² and σy² enter only as their sum).</summary>
    private const int Planes = 4;

    internal sealed class Buffers
    {
        // Exact int32 sums (the largest, 49·(255² + 255²), is below 2^23): one row segment's quantity planes, their
        // 7-wide horizontal sums, 7 rows of those, and the running 7×7 column sums.
        public readonly int[] Row = new int[Planes * (BlockColumns + 2 * Pad)];
        public readonly int[] Horizontal = new int[Planes * BlockColumns];
        public readonly int[] Ring = new int[WindowSize * Planes * BlockColumns];
        public readonly int[] Vertical = new int[Planes * BlockColumns];

        /// <summary>This thread's buffers, made once: metrics run for every image, and no state survives a strip
        /// (each block clears its sums).</summary>
        public static Buffers ForThisThread() => t_buffers ??= new Buffers();
        [ThreadStatic] private static Buffers? t_buffers;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // metric kernels run few times: skip tier-0 code
    internal static double SumStrip(byte[] a, byte[] b, int w, int oy0, int oy1, Buffers buf, float[]? map)
    {
        int ow = w - 2 * Pad;
        int[] ring = buf.Ring, vs = buf.Vertical, h = buf.Horizontal, row = buf.Row;
        double total = 0;
        for (int x0 = 0; x0 < ow; x0 += BlockColumns)
        {
            int bw = Math.Min(BlockColumns, ow - x0), iw = bw + 2 * Pad;
            Array.Clear(ring);
            Array.Clear(vs);
            for (int iy = oy0; iy < oy1 + 2 * Pad; iy++)
            {
                LoadQuantities(a.AsSpan(iy * w + x0, iw), b.AsSpan(iy * w + x0, iw), row);
                for (int q = 0; q < Planes; q++)
                    HorizontalSums(row.AsSpan(q * iw, iw), h.AsSpan(q * BlockColumns, bw));
                // Running column sums: add this row, drop the row 7 above (it sits in the same ring slot).
                UpdateColumns(vs, ring.AsSpan((iy % WindowSize) * Planes * BlockColumns, Planes * BlockColumns), h);
                int oy = iy - 2 * Pad;
                if (oy < oy0) continue;
                total += SsimRow(vs, bw, map is null ? default : map.AsSpan(oy * ow + x0, bw));
            }
        }
        return total;
    }

    /// <summary>The planes x, y, x² + y², xy of one row segment (each <paramref name="a"/>.Length long).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // metric kernels run few times: skip tier-0 code
    private static void LoadQuantities(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<int> planes)
    {
        int n = a.Length;
        Span<int> x = planes[..n], y = planes.Slice(n, n), ss = planes.Slice(2 * n, n), xy = planes.Slice(3 * n, n);
        int c = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; c <= n - Vector<byte>.Count; c += Vector<byte>.Count)
            {
                // Squares and products of bytes fit 16 bits; x² + y² needs 32.
                Vector.Widen(Vector.LoadUnsafe(ref MemoryMarshal.GetReference(a), (nuint)c), out Vector<ushort> a0, out Vector<ushort> a1);
                Vector.Widen(Vector.LoadUnsafe(ref MemoryMarshal.GetReference(b), (nuint)c), out Vector<ushort> b0, out Vector<ushort> b1);
                StoreHalf(a0, b0, x, y, ss, xy, c);
                StoreHalf(a1, b1, x, y, ss, xy, c + Vector<ushort>.Count);
            }
        }
        for (; c < n; c++)
        {
            int va = a[c], vb = b[c];
            x[c] = va;
            y[c] = vb;
            ss[c] = va * va + vb * vb;
            xy[c] = va * vb;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreHalf(Vector<ushort> a, Vector<ushort> b, Span<int> x, Span<int> y, Span<int> ss, Span<int> xy, int at)
    {
        int next = at + Vector<int>.Count;
        Vector.Widen(a, out Vector<uint> a0, out Vector<uint> a1);
        Vector.Widen(b, out Vector<uint> b0, out Vector<uint> b1);
        Vector.Widen(a * a, out Vector<uint> aa0, out Vector<uint> aa1);
        Vector.Widen(b * b, out Vector<uint> bb0, out Vector<uint> bb1);
        Vector.Widen(a * b, out Vector<uint> ab0, out Vector<uint> ab1);
        Vector.AsVectorInt32(a0).CopyTo(x[at..]);
        Vector.AsVectorInt32(a1).CopyTo(x[next..]);
        Vector.AsVectorInt32(b0).CopyTo(y[at..]);
        Vector.AsVectorInt32(b1).CopyTo(y[next..]);
        Vector.AsVectorInt32(aa0 + bb0).CopyTo(ss[at..]);
        Vector.AsVectorInt32(aa1 + bb1).CopyTo(ss[next..]);
        Vector.AsVectorInt32(ab0).CopyTo(xy[at..]);
        Vector.AsVectorInt32(ab1).CopyTo(xy[next..]);
    }

    /// <summary>Exact 7-wide sums along one plane: dst[c] = Σ src[c..c+6].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // metric kernels run few times: skip tier-0 code
    private static void HorizontalSums(ReadOnlySpan<int> src, Span<int> dst)
    {
        int n = dst.Length;
        ref int s = ref MemoryMarshal.GetReference(src);
        ref int d = ref MemoryMarshal.GetReference(dst);
        int c = 0;
        for (; c <= n - Vector<int>.Count; c += Vector<int>.Count)
        {
            nuint o = (nuint)c;
            var sum = (Vector.LoadUnsafe(ref s, o) + Vector.LoadUnsafe(ref s, o + 1))
                + (Vector.LoadUnsafe(ref s, o + 2) + Vector.LoadUnsafe(ref s, o + 3))
                + (Vector.LoadUnsafe(ref s, o + 4) + Vector.LoadUnsafe(ref s, o + 5))
                + Vector.LoadUnsafe(ref s, o + 6);
            sum.StoreUnsafe(ref d, o);
        }
        for (; c < n; c++)
        {
            int sum = 0;
            for (int k = 0; k < WindowSize; k++) sum += src[c + k];
            Unsafe.Add(ref d, c) = sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // metric kernels run few times: skip tier-0 code
    private static void UpdateColumns(Span<int> vs, Span<int> slot, ReadOnlySpan<int> h)
    {
        int i = 0;
        ref int rv = ref MemoryMarshal.GetReference(vs);
        ref int rs = ref MemoryMarshal.GetReference(slot);
        ref int rh = ref MemoryMarshal.GetReference(h);
        for (; i <= vs.Length - Vector<int>.Count; i += Vector<int>.Count)
        {
            var hv = Vector.LoadUnsafe(ref rh, (nuint)i);
            (Vector.LoadUnsafe(ref rv, (nuint)i) + hv - Vector.LoadUnsafe(ref rs, (nuint)i)).StoreUnsafe(ref rv, (nuint)i);
            hv.StoreUnsafe(ref rs, (nuint)i);
        }
        for (; i < vs.Length; i++)
        {
            vs[i] += h[i] - slot[i];
            slot[i] = h[i];
        }
    }

    /// <summary>SSIM for one output row of a block (<paramref name="ow"/> wide) from the exact 7×7 sums; returns the
    /// row sum.</summary>
    /// <remarks>With S = window sums, μ = S/N and the sample (co)variances (N·Sxy − SxSy)/(N(N−1)), the factors
    /// 1/N² and 1/(N(N−1)) cancel between numerator and denominator:
    /// SSIM = (2SxSy + C1N²)(2(N·Sxy − SxSy) + C2N(N−1)) / ((Sx² + Sy² + C1N²)(N(Sxx + Syy) − Sx² − Sy² + C2N(N−1))).
    /// Every product of sums is an integer below 2^29, exact in float64, so one division per pixel is the only
    /// rounding besides the two final products.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // metric kernels run few times: skip tier-0 code
    private static double SsimRow(int[] vs, int ow, Span<float> mapRow)
    {
        double c1 = Ssim.C1 * N * N, c2 = Ssim.C2 * N * (N - 1.0);
        double total = 0;
        int c = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref int r = ref MemoryMarshal.GetArrayDataReference(vs);
            var constants = new SsimConstants(new Vector<double>(N), new Vector<double>(c1), new Vector<double>(c2));
            var acc = Vector<double>.Zero;
            for (; c <= ow - Vector<int>.Count; c += Vector<int>.Count)
            {
                Vector.Widen(Vector.LoadUnsafe(ref r, (nuint)c), out Vector<long> sx0, out Vector<long> sx1);
                Vector.Widen(Vector.LoadUnsafe(ref r, (nuint)(BlockColumns + c)), out Vector<long> sy0, out Vector<long> sy1);
                Vector.Widen(Vector.LoadUnsafe(ref r, (nuint)(2 * BlockColumns + c)), out Vector<long> ss0, out Vector<long> ss1);
                Vector.Widen(Vector.LoadUnsafe(ref r, (nuint)(3 * BlockColumns + c)), out Vector<long> sxy0, out Vector<long> sxy1);
                var s0 = SsimVector(sx0, sy0, ss0, sxy0, constants);
                var s1 = SsimVector(sx1, sy1, ss1, sxy1, constants);
                acc += s0 + s1;
                if (!mapRow.IsEmpty)
                {
                    for (int k = 0; k < Vector<double>.Count; k++)
                    {
                        mapRow[c + k] = (float)s0[k];
                        mapRow[c + Vector<double>.Count + k] = (float)s1[k];
                    }
                }
            }
            for (int k = 0; k < Vector<double>.Count; k++) total += acc[k];
        }
        for (; c < ow; c++)
        {
            double sx = vs[c], sy = vs[BlockColumns + c], sss = vs[2 * BlockColumns + c], sxy = vs[3 * BlockColumns + c];
            double sxsy = sx * sy, squares = sx * sx + sy * sy;
            double s = ((2 * sxsy + c1) * (2 * (N * sxy - sxsy) + c2)) / ((squares + c1) * (N * sss - squares + c2));
            total += s;
            if (!mapRow.IsEmpty) mapRow[c] = (float)s;
        }
        return total;
    }

    private readonly record struct SsimConstants(Vector<double> N, Vector<double> C1, Vector<double> C2);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> SsimVector(Vector<long> sumX, Vector<long> sumY, Vector<long> sumSquares, Vector<long> sumXy, SsimConstants k)
    {
        var sx = ToDouble(sumX);
        var sy = ToDouble(sumY);
        var sxsy = sx * sy;
        var squares = sx * sx + sy * sy;
        return ((sxsy + sxsy + k.C1) * ((k.N * ToDouble(sumXy) - sxsy) * 2 + k.C2))
            / ((squares + k.C1) * (k.N * ToDouble(sumSquares) - squares + k.C2));
    }

    /// <summary>Non-negative integers below 2^52 as float64 without a scalar conversion: 2^52 + v has v in its low
    /// mantissa bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> ToDouble(Vector<long> v) =>
        Vector.AsVectorDouble(Vector.AsVectorUInt64(v) | TwoPow52Bits) - TwoPow52;

    private static readonly Vector<ulong> TwoPow52Bits = new(0x4330000000000000UL);
    private static readonly Vector<double> TwoPow52 = new(4503599627370496.0);
}
