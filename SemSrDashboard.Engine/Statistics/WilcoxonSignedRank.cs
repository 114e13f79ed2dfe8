namespace SemSrDashboard.Engine.Statistics;

/// <summary>
/// Wilcoxon signed-rank test reproducing scipy 1.10.1
/// <c>wilcoxon(x, y)</c> with its defaults (zero_method="wilcox",
/// correction=False, alternative="two-sided", method="auto").
/// </summary>
/// <remarks>
/// <para>d = x − y. Method selection ("auto"): exact when len(d) &lt;= 50
/// (length <em>including</em> zero differences), otherwise the normal
/// approximation. If any d is zero the exact method is abandoned for the
/// approximation (scipy warns); zeros are then discarded. The approximation
/// with fewer than 10 remaining differences also warns.</para>
/// <para>|d| is ranked with average ranks for ties. The reported statistic is
/// T = min(R+, R−).</para>
/// <para>Exact: the null distribution of R+ for untied ranks 1..n is used even
/// when |d| has ties (as scipy does, so the p-value is then not exact). R+ is
/// truncated to an integer (a tied R+ of 10.5 becomes 10); if it equals
/// floor(n(n+1)/4) the p-value is exactly 1, otherwise
/// p = min(1, 2·min(P(R+ &lt;= r), P(R+ &gt;= r))).</para>
/// <para>Approx: z = (T − n(n+1)/4) / sqrt((n(n+1)(2n+1) − ½Σ t(t²−1)) / 24)
/// summed over tie groups of size t, p = 2·sf(|z|), no continuity correction.</para>
/// <para>Undefined (NaN, Method "", Note set): no pairs (scipy returns NaN),
/// lengths differ or non-finite values (scipy raises / propagates NaN), and all
/// differences zero (scipy raises ValueError).</para>
/// </remarks>
public static class WilcoxonSignedRank
{
    /// <summary>Maximum len(d) for which "auto" uses the exact distribution.</summary>
    public const int ExactMaxN = 50;

    /// <summary>scipy's warning when zeros force the normal approximation.</summary>
    public const string ZerosWarning =
        "Exact p-value calculation does not work if there are zeros. Switching to normal approximation.";

    /// <summary>scipy's warning when the approximation is used with fewer than 10 differences.</summary>
    public const string SmallSampleWarning = "Sample size too small for normal approximation.";

    /// <summary>Two-sided Wilcoxon signed-rank test of x against y (paired). Never throws.</summary>
    public static WilcoxonResult Test(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var warnings = new List<string>();
        if (x.Length != y.Length)
        {
            return Undefined("samples differ in length", warnings);
        }
        int n = x.Length;
        if (n == 0)
        {
            return Undefined("no pairs", warnings);
        }
        double[] d = new double[n];
        int nZero = 0;
        for (int i = 0; i < n; i++)
        {
            d[i] = x[i] - y[i];
            if (!double.IsFinite(d[i]))
            {
                return Undefined("non-finite values", warnings);
            }
            if (d[i] == 0)
            {
                nZero++;
            }
        }

        bool exact = n <= ExactMaxN;
        if (nZero > 0 && exact)
        {
            exact = false;
            warnings.Add(ZerosWarning);
        }
        if (!exact)
        {
            if (nZero == n)
            {
                return Undefined("Wilcoxon undefined: all differences are zero", warnings);
            }
            if (nZero > 0)
            {
                d = Array.FindAll(d, v => v != 0);
            }
        }
        int count = d.Length;
        if (count < 10 && !exact)
        {
            warnings.Add(SmallSampleWarning);
        }

        double[] ranks = AverageRanksOfAbs(d, out List<int> tieSizes);
        double rPlus = 0, rMinus = 0;
        for (int i = 0; i < count; i++)
        {
            // Ranks are multiples of 1/2 below 2^52, so these sums are exact in any order.
            if (d[i] > 0)
            {
                rPlus += ranks[i];
            }
            else if (d[i] < 0)
            {
                rMinus += ranks[i];
            }
        }
        double T = Math.Min(rPlus, rMinus);

        if (exact)
        {
            double p = ExactTwoSided(count, (long)rPlus);
            return new WilcoxonResult(T, p, "exact", double.NaN, warnings, null);
        }

        double cnt = count;
        double mn = cnt * (cnt + 1.0) * 0.25;
        double se = cnt * (cnt + 1.0) * (2.0 * cnt + 1.0);
        foreach (int t in tieSizes)
        {
            se -= 0.5 * ((double)t * ((double)t * t - 1));
        }
        se = Math.Sqrt(se / 24);
        double z = (T - mn) / se;
        return new WilcoxonResult(T, TailProbabilities.NormalTwoSided(z), "approx", z, warnings, null);
    }

    /// <summary>
    /// Probability mass of R+ (sum of ranks of positive differences) for n untied
    /// ranks under the null, index r = 0..n(n+1)/2 (scipy <c>_get_wilcoxon_distr</c>).
    /// </summary>
    public static double[] NullDistribution(int n)
    {
        double[] c = [1.0];
        for (int k = 1; k <= n; k++)
        {
            double[] prev = c;
            c = new double[k * (k + 1) / 2 + 1];
            int m = prev.Length;
            for (int i = 0; i < m; i++)
            {
                c[i] = prev[i] * 0.5;
            }
            int offset = c.Length - m;
            for (int i = 0; i < m; i++)
            {
                c[offset + i] += prev[i] * 0.5;
            }
        }
        return c;
    }

    private static double ExactTwoSided(int count, long rPlus)
    {
        double[] pmf = NullDistribution(count);
        if (rPlus == (pmf.Length - 1) / 2)
        {
            return 1.0;
        }
        // Masses are integer multiples of 2^-count (count <= 50), so the partial
        // sums are exact whatever the summation order.
        double pLess = 0, pGreater = 0;
        for (long r = 0; r <= rPlus && r < pmf.Length; r++)
        {
            pLess += pmf[r];
        }
        for (long r = rPlus; r < pmf.Length; r++)
        {
            pGreater += pmf[r];
        }
        return Math.Clamp(2 * Math.Min(pGreater, pLess), 0.0, 1.0);
    }

    private static double[] AverageRanksOfAbs(double[] d, out List<int> tieSizes)
    {
        int n = d.Length;
        int[] order = new int[n];
        double[] abs = new double[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
            abs[i] = Math.Abs(d[i]);
        }
        Array.Sort(abs.ToArray(), order);
        double[] ranks = new double[n];
        tieSizes = [];
        int start = 0;
        while (start < n)
        {
            int end = start + 1;
            while (end < n && abs[order[end]] == abs[order[start]])
            {
                end++;
            }
            double avg = 0.5 * (start + 1 + end); // mean of ranks start+1 .. end
            for (int k = start; k < end; k++)
            {
                ranks[order[k]] = avg;
            }
            if (end - start > 1)
            {
                tieSizes.Add(end - start);
            }
            start = end;
        }
        return ranks;
    }

    private static WilcoxonResult Undefined(string note, List<string> warnings) =>
        new(double.NaN, double.NaN, "", double.NaN, warnings, note);
}
