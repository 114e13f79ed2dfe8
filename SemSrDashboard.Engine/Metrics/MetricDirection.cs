namespace SemSrDashboard.Engine.Metrics;

/// <summary>Which end of a metric's scale is better. It decides colours, wording and which end of a ranking is
/// "best"; it never changes a computed difference (always model − baseline).</summary>
public enum MetricDirection
{
    HigherIsBetter,
    LowerIsBetter,
    /// <summary>Neither end is better on its own (<c>detail_ratio</c>: ≈ 1 means as much fine detail as the original,
    /// but more detail is good only while it is the specimen's): no better/worse colours or wording; rankings show the
    /// largest increase and the largest decrease.</summary>
    Neutral,
}
