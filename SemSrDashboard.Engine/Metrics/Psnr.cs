using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>
/// Peak signal-to-noise ratio of two 8-bit grey images.
/// </summary>
/// <remarks>
/// <para>Convention: <c>PSNR = 10·log10(255² / MSE)</c> in decibels, with
/// <c>MSE = Σ (reference − test)² / (W·H)</c> over every pixel (no border crop, no colour conversion).
/// Input range 0–255 (8-bit), data range fixed to 255.</para>
/// <para>The squared differences are summed exactly in 64-bit integers; only the final division and the logarithm
/// are floating point (float64), so the result is the correctly rounded value of the definition, equal to
/// scikit-image 0.19 <c>peak_signal_noise_ratio(ref, test, data_range=255)</c> and to BasicSR
/// <c>metrics/psnr_ssim.py calculate_psnr</c> with <c>crop_border=0</c> on grey input.</para>
/// <para>Identical images give <see cref="double.PositiveInfinity"/>.</para>
/// </remarks>
public static class Psnr
{
    /// <summary>Peak value of 8-bit data.</summary>
    public const double DataRange = 255.0;

    /// <summary>PSNR in dB of <paramref name="test"/> against <paramref name="reference"/>.</summary>
    /// <exception cref="ArgumentException">The images differ in size or are empty.</exception>
    public static double Compute(GrayImage reference, GrayImage test)
    {
        MetricGuards.RequireSameSize(reference, test, minSide: 1);
        long sse = SumSquaredError(reference.Pixels, test.Pixels);
        return FromMse((double)sse / reference.Pixels.Length);
    }

    /// <summary>Mean squared error (float64) of two equally sized 8-bit images.</summary>
    /// <exception cref="ArgumentException">The images differ in size or are empty.</exception>
    public static double MeanSquaredError(GrayImage reference, GrayImage test)
    {
        MetricGuards.RequireSameSize(reference, test, minSide: 1);
        return (double)SumSquaredError(reference.Pixels, test.Pixels) / reference.Pixels.Length;
    }

    /// <summary>Converts an MSE on the 0–255 scale to PSNR in dB; 0 gives +∞.</summary>
    public static double FromMse(double mse) =>
        mse == 0 ? double.PositiveInfinity : 10.0 * Math.Log10(DataRange * DataRange / mse);

    /// <summary>Exact Σ (a − b)² of two byte spans of equal length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // metric kernels run few times: skip tier-0 code
    internal static long SumSquaredError(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        long total = 0;
        int n = a.Length;
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<byte>.Count)
        {
            ref byte ra = ref MemoryMarshal.GetReference(a);
            ref byte rb = ref MemoryMarshal.GetReference(b);
            // Each int lane gains at most 2·255² per step; flush well before 2^31.
            const int flushEvery = 8192;
            var acc = Vector<int>.Zero;
            int steps = 0;
            for (; i <= n - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                var va = Vector.LoadUnsafe(ref ra, (nuint)i);
                var vb = Vector.LoadUnsafe(ref rb, (nuint)i);
                Vector.Widen(va, out Vector<ushort> a0, out Vector<ushort> a1);
                Vector.Widen(vb, out Vector<ushort> b0, out Vector<ushort> b1);
                var d0 = Vector.AsVectorInt16(a0) - Vector.AsVectorInt16(b0);
                var d1 = Vector.AsVectorInt16(a1) - Vector.AsVectorInt16(b1);
                Vector.Widen(d0, out Vector<int> e0, out Vector<int> e1);
                Vector.Widen(d1, out Vector<int> e2, out Vector<int> e3);
                acc += e0 * e0 + e1 * e1 + e2 * e2 + e3 * e3;
                if (++steps == flushEvery)
                {
                    total += SumLanes(acc);
                    acc = Vector<int>.Zero;
                    steps = 0;
                }
            }
            total += SumLanes(acc);
        }
        for (; i < n; i++)
        {
            int d = a[i] - b[i];
            total += d * d;
        }
        return total;
    }

    private static long SumLanes(Vector<int> v)
    {
        long s = 0;
        for (int k = 0; k < Vector<int>.Count; k++) s += v[k];
        return s;
    }
}
