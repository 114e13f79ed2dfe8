namespace SemSrDashboard.Engine.Metrics;

/// <summary>Which end of a metric's scale is better. It decides colours, wording and which end of a ranking is
/// "best"; it never changes a computed difference (always model − baseline).</summary>
public enum MetricDirection
{
    HigherIsBetter,
    LowerIsBetter,
}
