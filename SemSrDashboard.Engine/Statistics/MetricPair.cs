namespace SemSrDashboard.Engine.Statistics;

/// <summary>One image's value of one metric for the baseline and for the model.</summary>
/// <param name="Category">Image category (e.g. "grains"); compared ordinally.</param>
/// <param name="ImageKey">Image identifier (informational).</param>
/// <param name="BaselineValue">Metric of the baseline (bicubic) output; may be ±∞/NaN (then excluded).</param>
/// <param name="ModelValue">Metric of the model output; may be ±∞/NaN (then excluded).</param>
public sealed record MetricPair(string Category, string ImageKey, double BaselineValue, double ModelValue);
