using SemSrDashboard.Engine.Statistics;

namespace SemSrDashboard.Model;

/// <summary>One row of the run page's per-category table: the comparison of the selected metric, plus the mean PSNR
/// and SSIM of both methods for context.</summary>
public sealed record CategoryTableRow(
    string Category,
    int N,
    int NExcluded,
    double PsnrBaseline,
    double PsnrModel,
    double SsimBaseline,
    double SsimModel,
    double DiffMean,
    double CiLow,
    double CiHigh,
    double CohenDz,
    double PPaired,
    double PWelch,
    double PWilcoxon,
    string WilcoxonMethod,
    double PHolm,
    string Note)
{
    public bool IsAll => Category == CategorySummarizer.AllCategory;

    /// <summary>The p-value the significance badge uses: Holm-adjusted paired p for a category, the plain paired p
    /// for the pooled row (which is outside the Holm family).</summary>
    public double PDecision => IsAll ? PPaired : PHolm;

    /// <summary>null when no test could be made (too few images).</summary>
    public bool? IsSignificant(double alpha) => double.IsNaN(PDecision) ? null : PDecision < alpha;

    /// <summary>Joins the summaries of the selected metric with those of PSNR and SSIM by category.</summary>
    internal static IReadOnlyList<CategoryTableRow> Build(IReadOnlyList<ComparisonRow> metric, IReadOnlyList<ComparisonRow> psnr,
        IReadOnlyList<ComparisonRow> ssim)
    {
        var psnrBy = psnr.ToDictionary(r => r.Category, StringComparer.Ordinal);
        var ssimBy = ssim.ToDictionary(r => r.Category, StringComparer.Ordinal);
        return metric.Select(r =>
        {
            var p = psnrBy.GetValueOrDefault(r.Category);
            var s = ssimBy.GetValueOrDefault(r.Category);
            return new CategoryTableRow(r.Category, r.N, r.NExcluded,
                p?.BaselineMean ?? double.NaN, p?.ModelMean ?? double.NaN, s?.BaselineMean ?? double.NaN, s?.ModelMean ?? double.NaN,
                r.DiffMean, r.CiLow, r.CiHigh, r.CohenDz, r.PPaired, r.PWelch, r.PWilcoxon, r.WilcoxonMethod, r.PPairedHolm, r.Note);
        }).ToList();
    }
}
