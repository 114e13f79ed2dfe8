using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>
/// The four per-pixel quantities the Gaussian SSIM kernel filters: x, y, x² + y² and xy, as float64 planes of one
/// image row segment.
/// </summary>
/// <remarks>
/// SSIM needs σx² and σy² only as their sum, so one filtered plane of x² + y² replaces the two separate ones
/// (a fifth less filtering). All four are integers below 2^17, hence exact in float64.
/// </remarks>
internal static class SsimRowQuantities
{
    /// <summary>Planes per row: x, y, x² + y², xy.</summary>
    public const int Count = 4;

    /// <summary>Whether fused multiply-add is executed in hardware (otherwise multiply and add are used).</summary>
    public static readonly bool HasFma = Fma.IsSupported || AdvSimd.IsSupported;

    /// <summary>Writes the four planes of one row segment (each <paramref name="a"/>.Length long, one after another)
    /// into <paramref name="planes"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // metric kernels run few times: skip tier-0 code
    public static void Load(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<double> planes)
    {
        int w = a.Length;
        ref double rx = ref MemoryMarshal.GetReference(planes);
        ref double ry = ref Unsafe.Add(ref rx, w);
        ref double rss = ref Unsafe.Add(ref rx, 2 * w);
        ref double rxy = ref Unsafe.Add(ref rx, 3 * w);
        _ = planes[Count * w - 1];
        int c = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ref byte ra = ref MemoryMarshal.GetReference(a);
            ref byte rb = ref MemoryMarshal.GetReference(b);
            for (; c <= w - Vector<byte>.Count; c += Vector<byte>.Count)
            {
                Vector.Widen(Vector.LoadUnsafe(ref ra, (nuint)c), out Vector<ushort> a0, out Vector<ushort> a1);
                Vector.Widen(Vector.LoadUnsafe(ref rb, (nuint)c), out Vector<ushort> b0, out Vector<ushort> b1);
                int quarter = Vector<uint>.Count;
                Vector.Widen(a0, out Vector<uint> a00, out Vector<uint> a01);
                Vector.Widen(b0, out Vector<uint> b00, out Vector<uint> b01);
                StoreQuarter(a00, b00, ref rx, ref ry, ref rss, ref rxy, (nuint)c);
                StoreQuarter(a01, b01, ref rx, ref ry, ref rss, ref rxy, (nuint)(c + quarter));
                Vector.Widen(a1, out Vector<uint> a10, out Vector<uint> a11);
                Vector.Widen(b1, out Vector<uint> b10, out Vector<uint> b11);
                StoreQuarter(a10, b10, ref rx, ref ry, ref rss, ref rxy, (nuint)(c + 2 * quarter));
                StoreQuarter(a11, b11, ref rx, ref ry, ref rss, ref rxy, (nuint)(c + 3 * quarter));
            }
        }
        for (; c < w; c++)
        {
            double x = a[c], y = b[c];
            Unsafe.Add(ref rx, c) = x;
            Unsafe.Add(ref ry, c) = y;
            Unsafe.Add(ref rss, c) = x * x + y * y;
            Unsafe.Add(ref rxy, c) = x * y;
        }
    }

    /// <summary>As <see cref="Load(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{double})"/> for float64 rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Load(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> planes)
    {
        int w = a.Length;
        Span<double> px = planes.Slice(0, w), py = planes.Slice(w, w), pss = planes.Slice(2 * w, w), pxy = planes.Slice(3 * w, w);
        a.CopyTo(px);
        b.CopyTo(py);
        int c = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; c <= w - Vector<double>.Count; c += Vector<double>.Count)
            {
                var x = new Vector<double>(a.Slice(c));
                var y = new Vector<double>(b.Slice(c));
                (x * x + y * y).CopyTo(pss.Slice(c));
                (x * y).CopyTo(pxy.Slice(c));
            }
        }
        for (; c < w; c++)
        {
            double x = a[c], y = b[c];
            pss[c] = x * x + y * y;
            pxy[c] = x * y;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreQuarter(Vector<uint> a, Vector<uint> b, ref double rx, ref double ry, ref double rss,
        ref double rxy, nuint at)
    {
        Vector.Widen(a, out Vector<ulong> a0, out Vector<ulong> a1);
        Vector.Widen(b, out Vector<ulong> b0, out Vector<ulong> b1);
        StoreQuantities(ToDouble(a0), ToDouble(b0), ref rx, ref ry, ref rss, ref rxy, at);
        StoreQuantities(ToDouble(a1), ToDouble(b1), ref rx, ref ry, ref rss, ref rxy, at + (nuint)Vector<double>.Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreQuantities(Vector<double> x, Vector<double> y, ref double rx, ref double ry, ref double rss,
        ref double rxy, nuint at)
    {
        x.StoreUnsafe(ref rx, at);
        y.StoreUnsafe(ref ry, at);
        (x * x + y * y).StoreUnsafe(ref rss, at);
        (x * y).StoreUnsafe(ref rxy, at);
    }

    /// <summary>Small unsigned integers (below 2^52) as float64 without a scalar conversion: 2^52 + v has v in its
    /// low mantissa bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> ToDouble(Vector<ulong> v) => Vector.AsVectorDouble(v | TwoPow52Bits) - TwoPow52;

    private static readonly Vector<ulong> TwoPow52Bits = new(0x4330000000000000UL);
    private static readonly Vector<double> TwoPow52 = new(4503599627370496.0);

    /// <summary>acc + a·b, fused where the hardware can.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> MultiplyAdd(Vector<double> a, Vector<double> b, Vector<double> acc) =>
        HasFma ? Vector.FusedMultiplyAdd(a, b, acc) : acc + a * b;
}
