namespace SemSrDashboard.Engine.Statistics;

/// <summary>
/// One output row of <see cref="CategorySummarizer"/>: one category (or "ALL")
/// of one metric. Property order and meaning follow the CSV columns
/// <see cref="Columns"/> (snake_case names there).
/// </summary>
public sealed record ComparisonRow(
    string Run,
    string Model,
    string Baseline,
    string Category,
    string Metric,
    int N,
    int NExcluded,
    double BaselineMean,
    double ModelMean,
    double DiffMean,
    double DiffSd,
    double CiLow,
    double CiHigh,
    double CohenDz,
    double PPaired,
    double PWelch,
    double PStudent,
    double PWilcoxon,
    string WilcoxonMethod,
    double PPairedHolm,
    string Note)
{
    /// <summary>CSV column names, in order; one per property.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "run", "model", "baseline", "category", "metric", "n", "n_excluded", "baseline_mean", "model_mean",
        "diff_mean", "diff_sd", "ci_low", "ci_high", "cohen_dz", "p_paired", "p_welch", "p_student",
        "p_wilcoxon", "wilcoxon_method", "p_paired_holm", "note",
    ];
}
