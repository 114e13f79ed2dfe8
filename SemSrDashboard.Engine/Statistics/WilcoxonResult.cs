namespace SemSrDashboard.Engine.Statistics;

/// <summary>
/// Outcome of <see cref="WilcoxonSignedRank.Test"/>.
/// </summary>
/// <param name="Statistic">min(R+, R−), the smaller signed-rank sum (average ranks for ties); NaN when undefined.</param>
/// <param name="PValue">Two-sided p-value; NaN when undefined.</param>
/// <param name="Method">"exact", "approx", or "" when undefined.</param>
/// <param name="ZStatistic">Normal-approximation z = (T − mean)/se for "approx", otherwise NaN.</param>
/// <param name="Warnings">The warnings scipy 1.10.1 emits for the same input (verbatim text), possibly empty.</param>
/// <param name="Note">Why the test is undefined (where scipy raises or returns NaN), or null.</param>
public sealed record WilcoxonResult(
    double Statistic,
    double PValue,
    string Method,
    double ZStatistic,
    IReadOnlyList<string> Warnings,
    string? Note);
