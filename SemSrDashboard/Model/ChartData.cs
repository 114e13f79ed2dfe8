using SemSrDashboard.Engine.Statistics;

namespace SemSrDashboard.Model;

/// <summary>What a histogram shows: all images pooled, one category, or every category overlaid.</summary>
public enum HistogramMode
{
    All,
    Category,
    Overlay,
}

/// <summary>One histogram trace: bars centred on <see cref="Centers"/>, all <see cref="Width"/> wide.</summary>
public sealed record HistogramSeries(string Name, double[] Edges, long[] Counts)
{
    public double Width => Edges.Length > 1 ? Edges[1] - Edges[0] : 1;
    public double[] Centers => Enumerable.Range(0, Counts.Length).Select(i => (Edges[i] + Edges[i + 1]) / 2).ToArray();
    public long Total => Counts.Sum();
}

/// <summary>One row of a strip plot: every image's difference as a point (for samples too small for a histogram).</summary>
public sealed record StripSeries(string Name, double[] Values, string[] Images);

/// <summary>How the per-image differences are drawn: points for a small sample, else histograms. <see cref="XRange"/>
/// (strips only) spans the data and zero, so the zero line is always on the chart.</summary>
public sealed record DifferenceDistribution(IReadOnlyList<HistogramSeries> Histograms, IReadOnlyList<StripSeries> Strips,
    (double Min, double Max)? XRange)
{
    public static DifferenceDistribution Empty { get; } = new([], [], null);
    public bool IsEmpty => Histograms.Count == 0 && Strips.Count == 0;
}

/// <summary>One scatter trace (a category): baseline value on x, model value on y, the image on each point.</summary>
public sealed record ScatterSeries(string Name, double[] Baseline, double[] Model, string[] Images);

/// <summary>Chart data computed from metric pairs; the Plotly components only draw it.</summary>
internal static class ChartData
{
    /// <summary>Model − baseline of every pair whose values are both finite (PSNR +∞ pairs are left out, as in the
    /// statistics).</summary>
    internal static double[] Differences(IEnumerable<MetricPair> pairs) =>
        pairs.Where(p => double.IsFinite(p.ModelValue) && double.IsFinite(p.BaselineValue))
            .Select(p => p.ModelValue - p.BaselineValue).ToArray();

    /// <summary>Fewer images than this are drawn as points, not as a histogram.</summary>
    internal const int StripPlotBelow = 20;

    /// <summary>The differences of the selection (<paramref name="mode"/>, <paramref name="category"/>): with fewer
    /// than <see cref="StripPlotBelow"/> finite differences in view, one point per image (one row per category when
    /// overlaid); otherwise <see cref="Histograms"/>.</summary>
    internal static DifferenceDistribution Distribution(IReadOnlyList<MetricPair> pairs, HistogramMode mode, string? category = null)
    {
        var selected = mode == HistogramMode.Category ? pairs.Where(p => p.Category == category).ToList() : pairs;
        double[] values = Differences(selected);
        if (values.Length == 0)
            return DifferenceDistribution.Empty;
        if (values.Length >= StripPlotBelow)
            return new(Histograms(pairs, mode, category), [], null);
        var finite = selected.Where(p => double.IsFinite(p.ModelValue) && double.IsFinite(p.BaselineValue)).ToList();
        IReadOnlyList<StripSeries> strips = mode switch
        {
            HistogramMode.Overlay => finite.GroupBy(p => p.Category).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => Strip(g.Key, g)).ToList(),
            HistogramMode.Category => [Strip(category ?? "", finite)],
            _ => [Strip("All images", finite)],
        };
        double low = Math.Min(0, values.Min()), high = Math.Max(0, values.Max());
        double pad = 0.08 * (high > low ? high - low : 1e-3);
        return new([], strips, (low - pad, high + pad));
    }

    private static StripSeries Strip(string name, IEnumerable<MetricPair> pairs) =>
        new(name, pairs.Select(p => p.ModelValue - p.BaselineValue).ToArray(), pairs.Select(p => p.ImageKey).ToArray());

    /// <summary>Histogram traces of the differences with Freedman–Diaconis-wide bins aligned on zero
    /// (<see cref="ZeroAlignedBins"/>). Overlaid categories share the bins of all images so that their bars line up;
    /// an empty input gives no trace.</summary>
    internal static IReadOnlyList<HistogramSeries> Histograms(IReadOnlyList<MetricPair> pairs, HistogramMode mode, string? category = null,
        int maxBins = 60)
    {
        switch (mode)
        {
            case HistogramMode.Category:
                var selected = pairs.Where(p => p.Category == category).ToList();
                return Single(Differences(selected), category ?? "", maxBins);
            case HistogramMode.Overlay:
                double[] all = Differences(pairs);
                if (all.Length == 0)
                    return [];
                double[] edges = ZeroAlignedBins.Edges(all, maxBins);
                return pairs.Select(p => p.Category).Distinct().Order(StringComparer.Ordinal)
                    .Select(c => new HistogramSeries(c, edges, HistogramBins.Counts(Differences(pairs.Where(p => p.Category == c)), edges)))
                    .Where(s => s.Total > 0)
                    .ToList();
            default:
                return Single(Differences(pairs), "All images", maxBins);
        }
    }

    private static IReadOnlyList<HistogramSeries> Single(double[] values, string name, int maxBins)
    {
        if (values.Length == 0)
            return [];
        double[] edges = ZeroAlignedBins.Edges(values, maxBins);
        return [new HistogramSeries(name, edges, HistogramBins.Counts(values, edges))];
    }

    /// <summary>One scatter trace per category of the pairs with finite values, in category order.</summary>
    internal static IReadOnlyList<ScatterSeries> Scatter(IReadOnlyList<MetricPair> pairs) =>
        pairs.Where(p => double.IsFinite(p.ModelValue) && double.IsFinite(p.BaselineValue))
            .GroupBy(p => p.Category)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ScatterSeries(g.Key, g.Select(p => p.BaselineValue).ToArray(), g.Select(p => p.ModelValue).ToArray(),
                g.Select(p => p.ImageKey).ToArray()))
            .ToList();

    /// <summary>The [min, max] range covering both axes of the scatter, for its y = x line; null without points.</summary>
    internal static (double Min, double Max)? DiagonalRange(IReadOnlyList<ScatterSeries> series)
    {
        var values = series.SelectMany(s => s.Baseline.Concat(s.Model)).ToList();
        return values.Count == 0 ? null : (values.Min(), values.Max());
    }

    /// <summary>The image under a clicked scatter point, or null when the indexes are out of range.</summary>
    internal static string? ImageAt(IReadOnlyList<ScatterSeries> series, int trace, int point) =>
        trace >= 0 && trace < series.Count && point >= 0 && point < series[trace].Images.Length ? series[trace].Images[point] : null;
}
