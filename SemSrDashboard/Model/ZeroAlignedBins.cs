using SemSrDashboard.Engine.Statistics;

namespace SemSrDashboard.Model;

/// <summary>Histogram bins for differences (model − baseline) that never straddle zero: the bin width of numpy's
/// Freedman–Diaconis bins (<see cref="HistogramBins"/>: range / ⌈range / (2·IQR·n^(−1/3))⌉) on a grid whose edges are whole multiples of the width, so zero is
/// always an edge and a bar is entirely on the "better" or the "worse" side. Bins cover only [min, max] of the data,
/// rounded out to the grid.</summary>
public static class ZeroAlignedBins
{
    /// <summary>Edges k·h for k from ⌊min/h⌋ to ⌈max/h⌉ (at least one bin), h that width for the finite values, widened by a whole factor when more than <paramref name="maxBins"/> bins would result. When
    /// every value is equal, h is a fifth of the value's magnitude (10⁻³ for zero). Counts follow
    /// <see cref="HistogramBins.Counts"/>: a bin holds edge ≤ v &lt; next edge, so an exact 0 counts right of zero.
    /// No finite value gives an empty array.</summary>
    public static double[] Edges(IReadOnlyList<double> values, int maxBins)
    {
        double[] x = values.Where(double.IsFinite).ToArray();
        if (x.Length == 0)
            return [];
        double min = x.Min(), max = x.Max();
        double width = min == max
            ? (min == 0 ? 1e-3 : Math.Abs(min) / 5)
            : Width(HistogramBins.FreedmanDiaconis(x, maxBins).Edges);
        var (first, last) = Grid(min, max, width);
        if (last - first > maxBins)
        {
            width *= Math.Ceiling((last - first) / (double)maxBins);
            (first, last) = Grid(min, max, width);
        }
        return Enumerable.Range((int)first, (int)(last - first) + 1).Select(k => k * width).ToArray();
    }

    private static double Width(double[] edges) => edges[1] - edges[0];

    private static (long First, long Last) Grid(double min, double max, double width)
    {
        long first = (long)Math.Floor(min / width);
        long last = (long)Math.Ceiling(max / width);
        return (first, Math.Max(last, first + 1));
    }
}
