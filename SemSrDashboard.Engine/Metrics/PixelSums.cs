using System.Numerics;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>
/// Exact integer sums of an 8-bit image's pixels: the spatial side of the detail band's Parseval sums
/// (<see cref="DetailBand"/>), with centred sums Σ(x − x̄)(y − ȳ) = (N·Σxy − Σx·Σy)/N computed without rounding and
/// rounded once (0–255 scale squared, summed over pixels).
/// </summary>
internal readonly record struct PixelSums(long Count, long Sum, long SumOfSquares)
{
    /// <summary>Σ(x − x̄)²: the image's whole centred energy.</summary>
    public double CentredEnergy => Centred(Count, SumOfSquares, Sum, Sum);

    public static PixelSums Of(byte[] pixels)
    {
        long sum = 0, squares = 0;
        foreach (byte v in pixels)
        {
            sum += v;
            squares += v * v;
        }
        return new PixelSums(pixels.Length, sum, squares);
    }

    /// <summary>The sums of <paramref name="y"/> and Σ x̃·ỹ against an image <paramref name="x"/> of the same size
    /// whose sums are <paramref name="xSums"/>, in one pass.</summary>
    public static (PixelSums Y, double CentredCross) Pair(byte[] x, PixelSums xSums, byte[] y)
    {
        if (x.Length != y.Length) throw new ArgumentException("Image sizes differ.", nameof(y));
        long sum = 0, squares = 0, cross = 0;
        int i = 0, n = y.Length;
        if (Vector.IsHardwareAccelerated)
        {
            // 8-bit products fit 16 bits; 32-bit lanes gain at most 2·255² per step, so they are emptied into the
            // 64-bit totals every 4096 steps, well before 2^32.
            var vSum = Vector<uint>.Zero;
            var vSquares = Vector<uint>.Zero;
            var vCross = Vector<uint>.Zero;
            int steps = 0;
            for (; i <= n - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                Vector.Widen(new Vector<byte>(y, i), out Vector<ushort> y0, out Vector<ushort> y1);
                Vector.Widen(new Vector<byte>(x, i), out Vector<ushort> x0, out Vector<ushort> x1);
                Accumulate(y0, x0, ref vSum, ref vSquares, ref vCross);
                Accumulate(y1, x1, ref vSum, ref vSquares, ref vCross);
                if (++steps == 4096)
                {
                    Flush(ref vSum, ref sum);
                    Flush(ref vSquares, ref squares);
                    Flush(ref vCross, ref cross);
                    steps = 0;
                }
            }
            Flush(ref vSum, ref sum);
            Flush(ref vSquares, ref squares);
            Flush(ref vCross, ref cross);
        }
        for (; i < n; i++)
        {
            int v = y[i];
            sum += v;
            squares += v * v;
            cross += v * x[i];
        }
        var ySums = new PixelSums(n, sum, squares);
        return (ySums, Centred(n, cross, xSums.Sum, sum));
    }

    private static void Accumulate(Vector<ushort> y, Vector<ushort> x, ref Vector<uint> sum, ref Vector<uint> squares,
        ref Vector<uint> cross)
    {
        Vector.Widen(y, out Vector<uint> ya, out Vector<uint> yb);
        Vector.Widen(y * y, out Vector<uint> sa, out Vector<uint> sb);
        Vector.Widen(y * x, out Vector<uint> ca, out Vector<uint> cb);
        sum += ya + yb;
        squares += sa + sb;
        cross += ca + cb;
    }

    private static void Flush(ref Vector<uint> lanes, ref long total)
    {
        for (int k = 0; k < Vector<uint>.Count; k++) total += lanes[k];
        lanes = Vector<uint>.Zero;
    }

    /// <summary>(N·Σab − Σa·Σb)/N: exact in 128-bit integers (N·Σab reaches 2^76 for the largest images), then
    /// rounded to float64 and divided.</summary>
    private static double Centred(long count, long sumOfProducts, long sumA, long sumB) =>
        count == 0 ? 0 : (double)((Int128)count * sumOfProducts - (Int128)sumA * sumB) / count;
}
