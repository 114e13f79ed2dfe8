using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace SemSrDashboard.Engine.Statistics;

/// <summary>
/// Two-sided tail probabilities and quantiles of the Student t and standard
/// normal distributions, computed from survival functions (never as 1 − cdf)
/// so that tiny p-values keep their relative accuracy.
/// </summary>
public static class TailProbabilities
{
    /// <summary>
    /// Two-sided p-value of a Student t statistic, <c>P(|T_df| &gt;= |t|)</c>
    /// (scipy: <c>2 * stdtr(df, -|t|)</c>). Uses the regularized incomplete beta
    /// function <c>I_x(df/2, 1/2)</c> with <c>x = df / (df + t^2)</c> in the tail
    /// and the complementary form near the centre.
    /// Returns NaN when <paramref name="t"/> or <paramref name="df"/> is NaN or
    /// <paramref name="df"/> &lt;= 0; 0 for infinite |t|; 1 for t = 0.
    /// </summary>
    public static double StudentTTwoSided(double t, double df)
    {
        if (double.IsNaN(t) || double.IsNaN(df) || df <= 0)
        {
            return double.NaN;
        }
        if (double.IsInfinity(t))
        {
            return 0.0;
        }
        if (t == 0)
        {
            return 1.0;
        }
        if (double.IsPositiveInfinity(df))
        {
            return NormalTwoSided(t);
        }
        double t2 = t * t;
        double a = df / 2.0;
        const double b = 0.5;
        double x = df / (df + t2);
        double y = t2 / (df + t2);
        if (x < (a + 1.0) / (a + b + 2.0))
        {
            // Tail: I_x(a, b) directly, relative accuracy preserved for tiny p.
            return Math.Min(1.0, SpecialFunctions.BetaRegularized(a, b, x));
        }
        // Centre: p = 1 - I_y(b, a) with y computed without cancellation.
        return Math.Min(1.0, 1.0 - SpecialFunctions.BetaRegularized(b, a, y));
    }

    /// <summary>
    /// Two-sided p-value of a standard normal statistic, <c>2 * sf(|z|)</c>
    /// computed as <c>erfc(|z| / sqrt 2)</c>. Returns NaN for NaN input.
    /// </summary>
    public static double NormalTwoSided(double z)
    {
        if (double.IsNaN(z))
        {
            return double.NaN;
        }
        return SpecialFunctions.Erfc(Math.Abs(z) / Constants.Sqrt2);
    }

    /// <summary>
    /// Upper quantile <c>q</c> of Student t: the value c with
    /// <c>P(T_df &lt;= c) = probability</c> (scipy <c>t.ppf</c>), refined by
    /// Newton steps on the incomplete-beta tail so it is accurate to a few ulp.
    /// Returns NaN when df &lt;= 0 or NaN, or probability is outside (0, 1).
    /// </summary>
    public static double StudentTQuantile(double probability, double df)
    {
        if (double.IsNaN(df) || df <= 0 || !(probability > 0 && probability < 1))
        {
            return double.NaN;
        }
        if (probability == 0.5)
        {
            return 0.0;
        }
        if (probability < 0.5)
        {
            return -StudentTQuantile(1.0 - probability, df);
        }
        double target = 2.0 * (1.0 - probability); // two-sided tail mass
        double c = StudentT.InvCDF(0.0, 1.0, df, probability);
        var dist = new StudentT(0.0, 1.0, df);
        for (int iter = 0; iter < 8; iter++)
        {
            double f = StudentTTwoSided(c, df) - target;
            double slope = -2.0 * dist.Density(c);
            if (slope == 0 || double.IsNaN(f))
            {
                break;
            }
            double next = c - f / slope;
            if (next == c)
            {
                break;
            }
            c = next;
        }
        return c;
    }
}
