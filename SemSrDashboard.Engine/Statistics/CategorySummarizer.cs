namespace SemSrDashboard.Engine.Statistics;

/// <summary>
/// Per-category comparison of a model against a baseline for one metric.
/// </summary>
public static class CategorySummarizer
{
    /// <summary>Name of the row that pools all images.</summary>
    public const string AllCategory = "ALL";

    /// <summary>
    /// One <see cref="ComparisonRow"/> per distinct category (ordinal order)
    /// followed by one for <see cref="AllCategory"/> (every row). Pairs where
    /// either value is non-finite (e.g. PSNR = +∞ for identical images) are left
    /// out and counted in NExcluded. Statistics are those of
    /// <see cref="PairedComparison.Compute"/>. PPairedHolm is the Holm adjustment
    /// (<see cref="HolmAdjustment.Adjust"/>) of PPaired across the categories;
    /// categories whose PPaired is NaN are outside the family and stay NaN, and
    /// the ALL row is outside the family (its PPairedHolm is NaN).
    /// A real category literally named "ALL" is reported separately but is
    /// indistinguishable by name from the pooled row; avoid it. Never throws for
    /// non-null input.
    /// </summary>
    public static IReadOnlyList<ComparisonRow> Summarize(
        string run, string model, string baseline, string metric, IEnumerable<MetricPair> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        List<MetricPair> all = [.. rows];
        var categories = all.Select(r => r.Category).Distinct().OrderBy(c => c, StringComparer.Ordinal).ToList();

        var results = new List<(string Category, int Excluded, PairedComparison Stats)>();
        foreach (string category in categories)
        {
            results.Add(Compare(category, all.Where(r => r.Category == category)));
        }
        results.Add(Compare(AllCategory, all));

        double[] holm = HolmAdjustment.Adjust([.. results.Take(categories.Count).Select(r => r.Stats.PPaired)]);

        var output = new List<ComparisonRow>(results.Count);
        for (int i = 0; i < results.Count; i++)
        {
            var (category, excluded, s) = results[i];
            string note = s.Note;
            if (excluded > 0)
            {
                note = Join($"{excluded} pair(s) with non-finite values excluded", note);
            }
            output.Add(new ComparisonRow(run, model, baseline, category, metric, s.N, excluded, s.BaselineMean,
                s.ModelMean, s.DiffMean, s.DiffSd, s.CiLow, s.CiHigh, s.CohenDz, s.PPaired, s.PWelch, s.PStudent,
                s.PWilcoxon, s.WilcoxonMethod, i < categories.Count ? holm[i] : double.NaN, note));
        }
        return output;
    }

    private static (string, int, PairedComparison) Compare(string category, IEnumerable<MetricPair> rows)
    {
        var modelValues = new List<double>();
        var baselineValues = new List<double>();
        int excluded = 0;
        foreach (MetricPair r in rows)
        {
            if (double.IsFinite(r.ModelValue) && double.IsFinite(r.BaselineValue))
            {
                modelValues.Add(r.ModelValue);
                baselineValues.Add(r.BaselineValue);
            }
            else
            {
                excluded++;
            }
        }
        return (category, excluded, PairedComparison.Compute([.. modelValues], [.. baselineValues]));
    }

    private static string Join(string a, string b) => b.Length == 0 ? a : a + "; " + b;
}
