using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>One metric as the product knows it: the documented contract shared by storage, the long CSV, the
/// statistics, the command line and the dashboard.</summary>
/// <param name="Id">Stable identifier: the CSV column, the <c>--metrics</c> word and the <c>metric</c> field of the
/// summary CSV.</param>
/// <param name="DisplayName">Short name for tables and charts.</param>
/// <param name="Unit">Unit of a value (<c>dB</c>) or empty for a unitless one.</param>
/// <param name="Direction">Which end is better.</param>
/// <param name="Convention">The exact definition, in one paragraph (also in the README).</param>
/// <param name="Question">What the metric answers, in one sentence for tooltips.</param>
/// <param name="NanRule">When a successful result holds <c>nan</c> for this metric; empty when it never does.</param>
/// <param name="Decimals">Decimals shown on screen (the CSV keeps full precision).</param>
/// <param name="Read">The stored value of this metric in a result (null: not computed).</param>
public sealed record MetricDescriptor(
    string Id,
    string DisplayName,
    string Unit,
    MetricDirection Direction,
    string Convention,
    string Question,
    string NanRule,
    int Decimals,
    Func<StoredResult, double?> Read)
{
    public bool HigherIsBetter => Direction == MetricDirection.HigherIsBetter;

    /// <summary>Whether a difference model − baseline is an improvement (true), a loss (false) or neither (null:
    /// zero, not finite, or a metric without a better end).</summary>
    public bool? IsImprovement(double difference) =>
        !double.IsFinite(difference) || difference == 0 || Direction == MetricDirection.Neutral
            ? null
            : (difference > 0) == HigherIsBetter;

    public override string ToString() => Id;
}
