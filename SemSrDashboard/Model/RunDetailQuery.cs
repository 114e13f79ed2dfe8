namespace SemSrDashboard.Model;

/// <summary>The run page's view as its query string gives it (any value may be missing or wrong: the view model picks
/// a valid one).</summary>
public sealed record RunDetailQuery(string? Model = null, string? Metric = null, string? Histogram = null, string? Category = null,
    double? Alpha = null);
