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
/// <para>Implementation: float64 throughout (fused multiply-add where the hardware has it); the planes x, y,
/// x² + y² and xy (σx² and σy² enter only as their sum) are filtered horizontally into an 11-row ring buffer and then
/// vertically, in horizontal strips of output rows (processed in parallel, summed in a fixed order, so results are
/// deterministic) and, within a strip, in blocks of 64 output columns whose ring fits the L1 cache. Memory is a
/// few KiB per worker, independent of the image size.</para>
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
        return MetricGuards.MeanOverStrips(oh, ow, Buffers.ForThisThread, (first, last, buffers) => SumStrip(a, b, w, first, last, buffers, map));
    }

    /// <summary>Means of the SSIM map and of its contrast-structure factor cs = (2σxy + C2)/(σx² + σy² + C2) over
    /// the valid region of a <paramref name="w"/> × <paramref name="h"/> pair (sides ≥ 11), the scale quantities of
    /// multi-scale SSIM. The SSIM mean is bit for bit that of <see cref="Compute"/> for 8-bit input.</summary>
    internal static SsimMeans Means<TRows>(TRows rows, int w, int h, bool parallel = true) where TRows : struct, ISsimRowSource
    {
        int ow = w - 2 * Radius, oh = h - 2 * Radius;
        var (count, stripRows) = MetricGuards.Strips(oh, ow);
        var ssimSums = new double[count];
        var csSums = new double[count];
        MetricGuards.ForEachItem(count, s =>
        {
            int first = s * stripRows;
            (ssimSums[s], csSums[s]) = SumStrip(rows, w, first, Math.Min(oh, first + stripRows), Buffers.ForThisThread(),
                map: null, withContrastStructure: true);
        }, parallel);
        return new SsimMeans(MetricGuards.MeanOfStripSums(ssimSums, ow, oh), MetricGuards.MeanOfStripSums(csSums, ow, oh));
    }

    /// <summary>Output columns per block: the 11 filtered rows the vertical pass reads (11 × 4 × 64 float64, 22 KiB)
    /// stay in the L1 cache; over whole image rows that pass streams from L2 and dominates the time.</summary>
    internal const int BlockColumns = 64;
    /// <summary>Ring row: the four filtered planes of one image row, <see cref="BlockColumns"/> each.</summary>
    private const int RingRow = SsimRowQuantities.Count * BlockColumns;

    internal sealed class Buffers
    {
        // x, y, x² + y², xy of one row segment.
        public readonly double[] Row = new double[SsimRowQuantities.Count * (BlockColumns + 2 * Radius)];
        // 11 horizontally filtered rows, each stored twice (slots s and s + 11) so that any 11 consecutive image
        // rows lie at one constant stride: the vertical pass then addresses its taps with fixed offsets.
        public readonly double[] Ring = new double[2 * WindowSize * RingRow];

        /// <summary>This thread's buffers, made once: metrics run for every image, and no state survives a strip.</summary>
        public static Buffers ForThisThread() => t_buffers ??= new Buffers();
        [ThreadStatic] private static Buffers? t_buffers;
    }

    /// <summary>Σ of SSIM map values for output rows [oy0, oy1) (output row oy is centred on image row oy+5), one
    /// block of output columns after another.</summary>
    internal static double SumStrip(byte[] a, byte[] b, int w, int oy0, int oy1, Buffers buf, float[]? map) =>
        SumStrip(new ByteRowSource(a, b, w), w, oy0, oy1, buf, map, withContrastStructure: false).Ssim;

    /// <summary>As <see cref="SumStrip(byte[], byte[], int, int, int, Buffers, float[])"/>, with the sum of cs
    /// values: the SSIM sum has the same bits (cs only adds a division per pixel beside it).</summary>
    internal static (double Ssim, double ContrastStructure) SumStripWithContrastStructure(byte[] a, byte[] b, int w,
        int oy0, int oy1, Buffers buf) =>
        SumStrip(new ByteRowSource(a, b, w), w, oy0, oy1, buf, map: null, withContrastStructure: true);

    /// <summary>Σ of SSIM map values and, when asked, of cs values for output rows [oy0, oy1) of any row source.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // metric kernels run few times: skip tier-0 code
    private static (double Ssim, double ContrastStructure) SumStrip<TRows>(TRows source, int w, int oy0, int oy1,
        Buffers buf, float[]? map, bool withContrastStructure) where TRows : struct, ISsimRowSource
    {
        const int planes = SsimRowQuantities.Count;
        int ow = w - 2 * Radius;
        double[] row = buf.Row;
        Span<double> ring = buf.Ring;
        double total = 0, csTotal = 0;
        for (int x0 = 0; x0 < ow; x0 += BlockColumns)
        {
            int bw = Math.Min(BlockColumns, ow - x0), iw = bw + 2 * Radius;
            for (int iy = oy0; iy < oy1 + 2 * Radius; iy++)
            {
                source.Load(iy, x0, iw, row);
                int slot = iy % WindowSize;
                for (int q = 0; q < planes; q++)
                    FilterRow(row.AsSpan(q * iw, iw), ring.Slice(slot * RingRow + q * BlockColumns, bw),
                        ring.Slice((slot + WindowSize) * RingRow + q * BlockColumns, bw));

                int oy = iy - 2 * Radius;
                if (oy < oy0) continue;
                var (ssim, cs) = VerticalAndSsim(ring, bw, oy, map is null ? default : map.AsSpan(oy * ow + x0, bw),
                    withContrastStructure);
                total += ssim;
                csTotal += cs;
            }
        }
        return (total, csTotal);
    }

    /// <summary>dst[c] = copy[c] = Σk w[k]·src[c+k] for c in [0, src.Length − 10).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // metric kernels run few times: skip tier-0 code
    private static void FilterRow(ReadOnlySpan<double> src, Span<double> dst, Span<double> copy)
    {
        double[] wt = Weights;
        int n = dst.Length;
        ref double s = ref MemoryMarshal.GetReference(src);
        ref double d = ref MemoryMarshal.GetReference(dst);
        ref double d2 = ref MemoryMarshal.GetReference(copy);
        _ = copy[n - 1];
        int c = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var v0 = new Vector<double>(wt[0]); var v1 = new Vector<double>(wt[1]); var v2 = new Vector<double>(wt[2]);
            var v3 = new Vector<double>(wt[3]); var v4 = new Vector<double>(wt[4]); var v5 = new Vector<double>(wt[5]);
            for (; c <= n - Vector<double>.Count; c += Vector<double>.Count)
            {
                nuint o = (nuint)c;
                var acc = v5 * Vector.LoadUnsafe(ref s, o + 5);
                acc = SsimRowQuantities.MultiplyAdd(v0, Vector.LoadUnsafe(ref s, o) + Vector.LoadUnsafe(ref s, o + 10), acc);
                acc = SsimRowQuantities.MultiplyAdd(v1, Vector.LoadUnsafe(ref s, o + 1) + Vector.LoadUnsafe(ref s, o + 9), acc);
                acc = SsimRowQuantities.MultiplyAdd(v2, Vector.LoadUnsafe(ref s, o + 2) + Vector.LoadUnsafe(ref s, o + 8), acc);
                acc = SsimRowQuantities.MultiplyAdd(v3, Vector.LoadUnsafe(ref s, o + 3) + Vector.LoadUnsafe(ref s, o + 7), acc);
                acc = SsimRowQuantities.MultiplyAdd(v4, Vector.LoadUnsafe(ref s, o + 4) + Vector.LoadUnsafe(ref s, o + 6), acc);
                acc.StoreUnsafe(ref d, o);
                acc.StoreUnsafe(ref d2, o);
            }
        }
        for (; c < n; c++)
        {
            double acc = wt[Radius] * src[c + Radius];
            for (int k = 0; k < Radius; k++)
                acc += wt[k] * (src[c + k] + src[c + 2 * Radius - k]);
            Unsafe.Add(ref d, c) = acc;
            Unsafe.Add(ref d2, c) = acc;
        }
    }

    /// <summary>Vertical pass over the ring (rows oy..oy+10) for the four planes, SSIM (and, when asked, cs) per
    /// column of the block (<paramref name="ow"/> wide), row sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // metric kernels run few times: skip tier-0 code
    private static (double Ssim, double ContrastStructure) VerticalAndSsim(Span<double> ring, int ow, int oy,
        Span<float> mapRow, bool withContrastStructure)
    {
        // The window's first row; its rows follow at RingRow strides (see Buffers.Ring).
        ref double top = ref ring[(oy % WindowSize) * RingRow];
        bool writeMap = !mapRow.IsEmpty;
        double c1 = C1, c2 = C2;
        double total = 0, csTotal = 0;
        int c = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vc1 = new Vector<double>(c1);
            var vc2 = new Vector<double>(c2);
            var acc = Vector<double>.Zero;
            var csAcc = Vector<double>.Zero;
            Span<double> lanes = stackalloc double[Vector<double>.Count];
            for (; c <= ow - Vector<double>.Count; c += Vector<double>.Count)
            {
                var mx = VerticalVec(ref top, (nuint)c);
                var my = VerticalVec(ref top, (nuint)(BlockColumns + c));
                var mss = VerticalVec(ref top, (nuint)(2 * BlockColumns + c));
                var mxy = VerticalVec(ref top, (nuint)(3 * BlockColumns + c));
                var mxmy = mx * my;
                var meanSquares = mx * mx + my * my;
                var csNumerator = (mxy - mxmy) * 2 + vc2;
                var csDenominator = mss - meanSquares + vc2;
                var s = ((mxmy + mxmy + vc1) * csNumerator) / ((meanSquares + vc1) * csDenominator);
                acc += s;
                if (withContrastStructure) csAcc += csNumerator / csDenominator;
                if (writeMap)
                {
                    s.CopyTo(lanes);
                    for (int k = 0; k < lanes.Length; k++) mapRow[c + k] = (float)lanes[k];
                }
            }
            for (int k = 0; k < Vector<double>.Count; k++) total += acc[k];
            for (int k = 0; k < Vector<double>.Count; k++) csTotal += csAcc[k];
        }
        for (; c < ow; c++)
        {
            double mx = VerticalScalar(ref top, c);
            double my = VerticalScalar(ref top, BlockColumns + c);
            double mss = VerticalScalar(ref top, 2 * BlockColumns + c);
            double mxy = VerticalScalar(ref top, 3 * BlockColumns + c);
            double s = SsimValue(mx, my, mss - mx * mx - my * my, mxy - mx * my, c1, c2);
            total += s;
            if (withContrastStructure) csTotal += (2 * (mxy - mx * my) + c2) / (mss - mx * mx - my * my + c2);
            if (writeMap) mapRow[c] = (float)s;
        }
        return (total, csTotal);
    }

    /// <summary>Σk w[k]·column[k·RingRow] at element <paramref name="i"/> of the window's rows, for a vector of columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> VerticalVec(ref double top, nuint i)
    {
        const nuint r = RingRow;
        var acc = W5 * Vector.LoadUnsafe(ref top, i + 5 * r);
        acc = SsimRowQuantities.MultiplyAdd(W0, Vector.LoadUnsafe(ref top, i) + Vector.LoadUnsafe(ref top, i + 10 * r), acc);
        acc = SsimRowQuantities.MultiplyAdd(W1, Vector.LoadUnsafe(ref top, i + r) + Vector.LoadUnsafe(ref top, i + 9 * r), acc);
        acc = SsimRowQuantities.MultiplyAdd(W2, Vector.LoadUnsafe(ref top, i + 2 * r) + Vector.LoadUnsafe(ref top, i + 8 * r), acc);
        acc = SsimRowQuantities.MultiplyAdd(W3, Vector.LoadUnsafe(ref top, i + 3 * r) + Vector.LoadUnsafe(ref top, i + 7 * r), acc);
        acc = SsimRowQuantities.MultiplyAdd(W4, Vector.LoadUnsafe(ref top, i + 4 * r) + Vector.LoadUnsafe(ref top, i + 6 * r), acc);
        return acc;
    }

    private static readonly Vector<double> W0 = new(Weights[0]), W1 = new(Weights[1]), W2 = new(Weights[2]),
        W3 = new(Weights[3]), W4 = new(Weights[4]), W5 = new(Weights[5]);

    private static double VerticalScalar(ref double top, int i)
    {
        double[] wt = Weights;
        double acc = wt[Radius] * Unsafe.Add(ref top, i + Radius * RingRow);
        for (int k = 0; k < Radius; k++)
            acc += wt[k] * (Unsafe.Add(ref top, i + k * RingRow) + Unsafe.Add(ref top, i + (2 * Radius - k) * RingRow));
        return acc;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double SsimValue(double mx, double my, double vxPlusVy, double vxy, double c1, double c2) =>
        ((2 * mx * my + c1) * (2 * vxy + c2)) / ((mx * mx + my * my + c1) * (vxPlusVy + c2));

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
