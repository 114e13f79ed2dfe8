namespace SemSrDashboard.Engine.Statistics;

/// <summary>
/// Holm (1979) step-down adjustment of a family of p-values, controlling the
/// family-wise error rate.
/// </summary>
public static class HolmAdjustment
{
    /// <summary>
    /// Holm-adjusted p-values, in the input order.
    /// With the m non-NaN p-values sorted ascending p(1) &lt;= … &lt;= p(m),
    /// adj(k) = max over j &lt;= k of min(1, (m − j + 1)·p(j)), which is monotone
    /// in the sorted order and capped at 1.
    /// NaN inputs stay NaN in the output and are <em>not</em> counted in the
    /// family size m (an untestable category is not a hypothesis that was tested).
    /// Equal p-values receive equal adjusted values. Never throws; empty input
    /// gives an empty array.
    /// </summary>
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        int count = pValues.Count;
        double[] adjusted = new double[count];
        var idx = new List<int>(count);
        for (int i = 0; i < count; i++)
        {
            adjusted[i] = double.NaN;
            if (!double.IsNaN(pValues[i]))
            {
                idx.Add(i);
            }
        }
        int m = idx.Count;
        // Stable sort so that ties keep input order (the result does not depend on it).
        int[] order = [.. idx.OrderBy(i => pValues[i])];
        double running = 0.0;
        for (int k = 0; k < m; k++)
        {
            double value = Math.Min(1.0, (m - k) * pValues[order[k]]);
            running = Math.Max(running, value);
            adjusted[order[k]] = running;
        }
        return adjusted;
    }
}
