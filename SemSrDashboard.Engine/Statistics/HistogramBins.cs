namespace SemSrDashboard.Engine.Statistics;

/// <summary>
/// Histogram bin edges with numpy 1.24 semantics
/// (<c>np.histogram_bin_edges</c> / <c>np.histogram</c>), reproduced to the bit.
/// </summary>
public static class HistogramBins
{
    /// <summary>Default maximum number of bins.</summary>
    public const int DefaultMaxBins = 100;

    /// <summary>
    /// Freedman–Diaconis bins over [min, max] of the finite values of
    /// <paramref name="values"/> (non-finite values are ignored).
    /// Width h = 2·IQR·n^(−1/3), IQR from numpy's default (linear) percentiles;
    /// bin count ceil((max − min)/h); edges as <c>np.linspace(min, max, bins + 1)</c>.
    /// This equals <c>np.histogram_bin_edges(x, bins='fd')</c>.
    /// If IQR = 0 the Sturges width (max − min)/(log2 n + 1) is used instead
    /// (= <c>bins='sturges'</c>); if that is 0 too (all values equal) there is one
    /// bin [v − 0.5, v + 0.5]. If the rule asks for more than
    /// <paramref name="maxBins"/> bins, exactly <paramref name="maxBins"/> equal bins
    /// over [min, max] are used (= <c>bins=maxBins</c>). No finite values gives one
    /// bin [0, 1], as numpy does for empty input. Never throws for maxBins &gt;= 1.
    /// </summary>
    public static HistogramBinning FreedmanDiaconis(IReadOnlyList<double> values, int maxBins = DefaultMaxBins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBins, 1);
        double[] x = values.Where(double.IsFinite).ToArray();
        if (x.Length == 0)
        {
            return new HistogramBinning(Linspace(0.0, 1.0, 1), "fd");
        }
        Array.Sort(x);
        int n = x.Length;
        double min = x[0], max = x[^1];
        double iqr = Percentile(x, 0.75) - Percentile(x, 0.25);
        string rule = "fd";
        double width = 2.0 * iqr * Math.Pow(n, -1.0 / 3.0);
        if (width == 0)
        {
            rule = "sturges";
            width = (max - min) / (Math.Log2(n) + 1.0);
        }
        double first = min, last = max;
        if (first == last)
        {
            first -= 0.5;
            last += 0.5;
        }
        double bins = width == 0 ? 1.0 : Math.Ceiling((last - first) / width);
        if (bins > maxBins)
        {
            rule = "capped";
            bins = maxBins;
        }
        return new HistogramBinning(Linspace(first, last, (int)bins), rule);
    }

    /// <summary>
    /// Counts per bin with <c>np.histogram(x, bins=edges)</c> semantics: bin i holds
    /// edges[i] &lt;= v &lt; edges[i+1], the last bin also includes its right edge;
    /// values outside [edges[0], edges[^1]] and non-finite values are not counted.
    /// </summary>
    public static long[] Counts(IReadOnlyList<double> values, IReadOnlyList<double> edges)
    {
        int bins = Math.Max(edges.Count - 1, 0);
        long[] counts = new long[bins];
        if (bins == 0)
        {
            return counts;
        }
        double[] e = [.. edges];
        foreach (double v in values)
        {
            if (!double.IsFinite(v) || v < e[0] || v > e[^1])
            {
                continue;
            }
            // Number of edges <= v, minus one, gives the bin of the left-closed interval.
            int pos = UpperBound(e, v) - 1;
            counts[Math.Min(pos, bins - 1)]++;
        }
        return counts;
    }

    /// <summary>numpy default ("linear") percentile of sorted data, q in [0, 1].</summary>
    internal static double Percentile(double[] sorted, double q)
    {
        int n = sorted.Length;
        double virtualIndex = (n - 1) * q;
        if (virtualIndex >= n - 1)
        {
            return sorted[n - 1];
        }
        double previous = Math.Floor(virtualIndex);
        int lo = (int)previous;
        double a = sorted[lo], b = sorted[lo + 1];
        double gamma = virtualIndex - previous;
        double diff = b - a;
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }

    private static double[] Linspace(double start, double stop, int bins)
    {
        int num = bins + 1;
        int div = num - 1;
        double delta = stop - start;
        double step = delta / div;
        double[] y = new double[num];
        for (int i = 0; i < num; i++)
        {
            y[i] = (step == 0 ? i / (double)div * delta : i * step) + start;
        }
        y[^1] = stop;
        return y;
    }

    private static int UpperBound(double[] sorted, double v)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
