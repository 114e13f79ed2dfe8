namespace SemSrDashboard.Engine.Statistics;

/// <summary>
/// Bin edges chosen by <see cref="HistogramBins.FreedmanDiaconis"/>.
/// </summary>
/// <param name="Edges">Monotone bin edges, length = bin count + 1 (at least 2).</param>
/// <param name="Rule">"fd" (Freedman–Diaconis), "sturges" (fallback when IQR = 0) or "capped" (rule asked for more than the maximum bin count).</param>
public sealed record HistogramBinning(double[] Edges, string Rule)
{
    /// <summary>Number of bins.</summary>
    public int BinCount => Edges.Length - 1;
}
