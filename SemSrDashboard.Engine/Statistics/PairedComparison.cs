namespace SemSrDashboard.Engine.Statistics;

/// <summary>
/// All statistics of one paired comparison (d = model − baseline).
/// Never-throwing: anything not computable is NaN and explained in <see cref="Note"/>.
/// </summary>
/// <param name="N">Number of pairs used.</param>
/// <param name="BaselineMean">Mean of the baseline values (NaN if N = 0).</param>
/// <param name="ModelMean">Mean of the model values (NaN if N = 0).</param>
/// <param name="DiffMean">Mean of d (NaN if N = 0).</param>
/// <param name="DiffSd">Sample SD of d, ddof 1 (NaN if N &lt; 2).</param>
/// <param name="CiLow">Lower end of the 95 % t interval mean(d) ± t(0.975, N−1)·sd/√N (NaN if N &lt; 2; equals the mean if sd = 0).</param>
/// <param name="CiHigh">Upper end of that interval.</param>
/// <param name="CohenDz">Cohen's d_z = mean(d)/sd(d) (NaN if N &lt; 2 or sd = 0).</param>
/// <param name="PPaired">Paired t-test p (see <see cref="TTests.Paired"/>).</param>
/// <param name="PWelch">Welch t-test p of model vs baseline treated as independent samples, the test of the original study (see <see cref="TTests.Welch"/>).</param>
/// <param name="PStudent">Student t-test p (see <see cref="TTests.Student"/>).</param>
/// <param name="PWilcoxon">Wilcoxon signed-rank p (see <see cref="WilcoxonSignedRank"/>).</param>
/// <param name="WilcoxonMethod">"exact", "approx" or "" when not computed.</param>
/// <param name="WilcoxonStatistic">min(R+, R−) or NaN.</param>
/// <param name="Note">"; "-joined reasons and warnings, or "" when everything was computed cleanly.</param>
public sealed record PairedComparison(
    int N,
    double BaselineMean,
    double ModelMean,
    double DiffMean,
    double DiffSd,
    double CiLow,
    double CiHigh,
    double CohenDz,
    double PPaired,
    double PWelch,
    double PStudent,
    double PWilcoxon,
    string WilcoxonMethod,
    double WilcoxonStatistic,
    string Note)
{
    /// <summary>Confidence level of <see cref="CiLow"/>/<see cref="CiHigh"/>.</summary>
    public const double ConfidenceLevel = 0.95;

    /// <summary>
    /// Computes every statistic for paired samples. Inputs must have equal
    /// length and be finite (the summariser filters non-finite pairs); otherwise
    /// an all-NaN result with a note is returned. With N &lt; 2 only the means
    /// are reported and the note is "not testable (n &lt; 2)" (scipy would give a
    /// meaningless Wilcoxon p = 1 for N = 1). Means use numpy's summation order.
    /// </summary>
    public static PairedComparison Compute(ReadOnlySpan<double> model, ReadOnlySpan<double> baseline)
    {
        if (model.Length != baseline.Length)
        {
            return Empty(0, "model and baseline differ in length");
        }
        int n = model.Length;
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(model[i]) || !double.IsFinite(baseline[i]))
            {
                return Empty(n, "non-finite values");
            }
        }
        if (n == 0)
        {
            return Empty(0, "no finite pairs; " + TTests.NotTestable);
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++)
        {
            d[i] = model[i] - baseline[i];
        }
        double modelMean = NumpySummation.Mean(model);
        double baselineMean = NumpySummation.Mean(baseline);
        double diffMean = NumpySummation.Mean(d);
        if (n < 2)
        {
            return new PairedComparison(n, baselineMean, modelMean, diffMean, double.NaN, double.NaN, double.NaN,
                double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, "", double.NaN, TTests.NotTestable);
        }

        var notes = new List<string>();
        double sd = Math.Sqrt(NumpySummation.Variance(d, ddof: 1));
        double tCrit = TailProbabilities.StudentTQuantile(0.5 + ConfidenceLevel / 2, n - 1);
        double half = tCrit * sd / Math.Sqrt(n);
        double dz = sd == 0 ? double.NaN : diffMean / sd;

        TTestResult paired = TTests.Paired(model, baseline);
        TTestResult welch = TTests.Welch(model, baseline);
        TTestResult student = TTests.Student(model, baseline);
        WilcoxonResult wil = WilcoxonSignedRank.Test(model, baseline);
        AddNote(notes, paired.Note);
        if (sd == 0)
        {
            notes.Add("cohen_dz undefined (sd of differences is 0)");
        }
        AddNote(notes, welch.Note);
        foreach (string w in wil.Warnings)
        {
            notes.Add("wilcoxon: " + w);
        }
        AddNote(notes, wil.Note);

        return new PairedComparison(n, baselineMean, modelMean, diffMean, sd, diffMean - half, diffMean + half, dz,
            paired.PValue, welch.PValue, student.PValue, wil.PValue, wil.Method, wil.Statistic,
            string.Join("; ", notes));
    }

    private static void AddNote(List<string> notes, string? note)
    {
        if (!string.IsNullOrEmpty(note) && !notes.Contains(note))
        {
            notes.Add(note);
        }
    }

    private static PairedComparison Empty(int n, string note) =>
        new(n, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN,
            double.NaN, double.NaN, double.NaN, double.NaN, "", double.NaN, note);
}
