namespace SemSrDashboard.Engine.Statistics;

/// <summary>
/// Two-sided t-tests matching scipy 1.10.1 (<c>ttest_rel</c>, <c>ttest_ind</c>)
/// except that zero-variance cases are reported as undefined (NaN plus a note)
/// where scipy returns t = ±inf and p = 0, or t = NaN.
/// Means and variances use numpy's summation order (<see cref="NumpySummation"/>).
/// </summary>
public static class TTests
{
    /// <summary>Note used when a paired test has fewer than two pairs.</summary>
    public const string NotTestable = "not testable (n < 2)";

    /// <summary>
    /// Paired t-test on d = a − b (scipy <c>ttest_rel(a, b)</c>):
    /// t = mean(d) / sqrt(var(d, ddof=1) / n), df = n − 1.
    /// Undefined (NaN + note) when the lengths differ, n &lt; 2, any value is
    /// non-finite, or var(d) = 0 (all differences equal; scipy gives p = 0, or
    /// NaN when all d are 0).
    /// </summary>
    public static TTestResult Paired(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length)
        {
            return TTestResult.Undefined("samples differ in length");
        }
        int n = a.Length;
        if (n < 2)
        {
            return TTestResult.Undefined(NotTestable);
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++)
        {
            d[i] = a[i] - b[i];
        }
        if (!AllFinite(d))
        {
            return TTestResult.Undefined("non-finite values");
        }
        double v = NumpySummation.ScipyVarianceDdof1(d);
        double dm = NumpySummation.Mean(d);
        if (v == 0)
        {
            return TTestResult.Undefined(dm == 0
                ? "paired t-test undefined: all differences are zero"
                : "paired t-test undefined: all differences equal (zero variance)");
        }
        double t = dm / Math.Sqrt(v / n);
        double df = n - 1;
        return new TTestResult(t, df, TailProbabilities.StudentTTwoSided(t, df), null);
    }

    /// <summary>
    /// Welch's unequal-variance t-test (scipy <c>ttest_ind(a, b, equal_var=False)</c>):
    /// t = (mean a − mean b) / sqrt(va/na + vb/nb) with Welch–Satterthwaite df.
    /// Undefined (NaN + note) when either sample has fewer than two values, a
    /// value is non-finite, or both samples are constant.
    /// </summary>
    public static TTestResult Welch(ReadOnlySpan<double> a, ReadOnlySpan<double> b) =>
        Independent(a, b, equalVariance: false);

    /// <summary>
    /// Student's pooled-variance t-test (scipy <c>ttest_ind(a, b)</c>):
    /// df = na + nb − 2, pooled variance ((na−1)va + (nb−1)vb)/df.
    /// Undefined (NaN + note) under the same conditions as <see cref="Welch"/>.
    /// </summary>
    public static TTestResult Student(ReadOnlySpan<double> a, ReadOnlySpan<double> b) =>
        Independent(a, b, equalVariance: true);

    private static TTestResult Independent(ReadOnlySpan<double> a, ReadOnlySpan<double> b, bool equalVariance)
    {
        int n1 = a.Length, n2 = b.Length;
        if (n1 < 2 || n2 < 2)
        {
            return TTestResult.Undefined(NotTestable);
        }
        if (!AllFinite(a) || !AllFinite(b))
        {
            return TTestResult.Undefined("non-finite values");
        }
        double v1 = NumpySummation.ScipyVarianceDdof1(a);
        double v2 = NumpySummation.ScipyVarianceDdof1(b);
        if (v1 == 0 && v2 == 0)
        {
            return TTestResult.Undefined("independent t-tests undefined: both samples constant");
        }
        double m1 = NumpySummation.Mean(a);
        double m2 = NumpySummation.Mean(b);
        double df, denom;
        if (equalVariance)
        {
            df = n1 + n2 - 2.0;
            double svar = ((n1 - 1) * v1 + (n2 - 1) * v2) / df;
            denom = Math.Sqrt(svar * (1.0 / n1 + 1.0 / n2));
        }
        else
        {
            double vn1 = v1 / n1;
            double vn2 = v2 / n2;
            df = (vn1 + vn2) * (vn1 + vn2) / (vn1 * vn1 / (n1 - 1) + vn2 * vn2 / (n2 - 1));
            denom = Math.Sqrt(vn1 + vn2);
        }
        double t = (m1 - m2) / denom;
        return new TTestResult(t, df, TailProbabilities.StudentTTwoSided(t, df), null);
    }

    private static bool AllFinite(ReadOnlySpan<double> x)
    {
        foreach (double v in x)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }
        return true;
    }
}
