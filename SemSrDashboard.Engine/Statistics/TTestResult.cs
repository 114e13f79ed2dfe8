namespace SemSrDashboard.Engine.Statistics;

/// <summary>
/// Outcome of a t-test. <see cref="PValue"/> is two-sided.
/// When the test is not computable all numbers are NaN and <see cref="Note"/>
/// says why; otherwise <see cref="Note"/> is null.
/// </summary>
/// <param name="Statistic">The t statistic.</param>
/// <param name="DegreesOfFreedom">Degrees of freedom (Welch–Satterthwaite for Welch).</param>
/// <param name="PValue">Two-sided p-value.</param>
/// <param name="Note">Reason the test is undefined, or null.</param>
public sealed record TTestResult(double Statistic, double DegreesOfFreedom, double PValue, string? Note)
{
    internal static TTestResult Undefined(string note) => new(double.NaN, double.NaN, double.NaN, note);
}
