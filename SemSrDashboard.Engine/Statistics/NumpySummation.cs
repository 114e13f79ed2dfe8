namespace SemSrDashboard.Engine.Statistics;

/// <summary>
/// Sums and means that reproduce numpy's float64 reduction order bit for bit
/// (the reduction runs over buffers of 8192 elements accumulated left to right,
/// each summed pairwise with an 8-way unrolled leaf of at most 128 elements),
/// so results agree with numpy/scipy references to the last ulp rather than
/// only to rounding error.
/// </summary>
public static class NumpySummation
{
    private const int BlockSize = 128;
    private const int BufferSize = 8192;

    /// <summary>
    /// Sum of <paramref name="values"/> in numpy's order
    /// (<c>np.add.reduce</c> on a contiguous 1-D float64 array).
    /// Returns 0 for an empty span; NaN/infinity propagate per IEEE 754.
    /// </summary>
    public static double Sum(ReadOnlySpan<double> values)
    {
        double total = 0.0;
        for (int start = 0; start < values.Length; start += BufferSize)
        {
            total += Pairwise(values.Slice(start, Math.Min(BufferSize, values.Length - start)));
        }
        return total;
    }

    private static double Pairwise(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        if (n < 8)
        {
            double res = 0.0;
            for (int i = 0; i < n; i++)
            {
                res += values[i];
            }
            return res;
        }
        if (n <= BlockSize)
        {
            double r0 = values[0], r1 = values[1], r2 = values[2], r3 = values[3];
            double r4 = values[4], r5 = values[5], r6 = values[6], r7 = values[7];
            int i;
            for (i = 8; i < n - (n % 8); i += 8)
            {
                r0 += values[i];
                r1 += values[i + 1];
                r2 += values[i + 2];
                r3 += values[i + 3];
                r4 += values[i + 4];
                r5 += values[i + 5];
                r6 += values[i + 6];
                r7 += values[i + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++)
            {
                res += values[i];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return Pairwise(values[..n2]) + Pairwise(values[n2..]);
    }

    /// <summary>
    /// Arithmetic mean, <c>Sum(values) / n</c>, as <c>np.mean</c>.
    /// Returns NaN when <paramref name="values"/> is empty.
    /// </summary>
    public static double Mean(ReadOnlySpan<double> values) =>
        values.Length == 0 ? double.NaN : Sum(values) / values.Length;

    /// <summary>
    /// Sample variance with <paramref name="ddof"/> delta degrees of freedom, as
    /// <c>np.var(x, ddof=ddof)</c>: <c>Sum((x - mean)^2) / (n - ddof)</c>.
    /// Returns NaN when <c>n - ddof &lt;= 0</c>.
    /// </summary>
    public static double Variance(ReadOnlySpan<double> values, int ddof = 1)
    {
        int n = values.Length;
        if (n - ddof <= 0)
        {
            return double.NaN;
        }
        return SumOfSquaredDeviations(values) / (n - ddof);
    }

    /// <summary>
    /// Unbiased sample variance (ddof 1) computed the way scipy 1.10's t-tests
    /// do (<c>scipy.stats._stats_py._var</c>):
    /// <c>(Sum((x - mean)^2) / n) * (n / (n - 1))</c>. Returns NaN when n &lt; 2.
    /// </summary>
    public static double ScipyVarianceDdof1(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        if (n < 2)
        {
            return double.NaN;
        }
        double biased = SumOfSquaredDeviations(values) / n;
        return biased * ((double)n / (n - 1));
    }

    private static double SumOfSquaredDeviations(ReadOnlySpan<double> values)
    {
        double mean = Mean(values);
        double[] sq = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double dev = values[i] - mean;
            sq[i] = dev * dev;
        }
        return Sum(sq);
    }
}
