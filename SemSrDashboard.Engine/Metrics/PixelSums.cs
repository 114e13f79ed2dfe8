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
        for (int i = 0; i < y.Length; i++)
        {
            int v = y[i];
            sum += v;
            squares += v * v;
            cross += v * x[i];
        }
        var ySums = new PixelSums(y.Length, sum, squares);
        return (ySums, Centred(y.Length, cross, xSums.Sum, sum));
    }

    /// <summary>(N·Σab − Σa·Σb)/N: exact in 128-bit integers (N·Σab reaches 2^76 for the largest images), then
    /// rounded to float64 and divided.</summary>
    private static double Centred(long count, long sumOfProducts, long sumA, long sumB) =>
        count == 0 ? 0 : (double)((Int128)count * sumOfProducts - (Int128)sumA * sumB) / count;
}
