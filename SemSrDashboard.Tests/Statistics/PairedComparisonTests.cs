using System.Text.Json;
using SemSrDashboard.Engine.Statistics;
using static SemSrDashboard.Tests.Statistics.StatsFixtures;

namespace SemSrDashboard.Tests.Statistics;

public class PairedComparisonTests
{
    internal static string[] Names() =>
        [.. Load("paired_cases.json").GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];

    public static TheoryData<string> CaseNames() => new(Names());

    internal static (JsonElement Case, double[] Model, double[] Baseline) Case(string name)
    {
        JsonElement c = Load("paired_cases.json").GetProperty("cases").EnumerateArray()
            .Single(e => e.GetProperty("name").GetString() == name);
        if (name == "large_20000")
        {
            byte[] raw = File.ReadAllBytes(Path.Combine(Dir, "large_20000.f64"));
            double[] all = new double[raw.Length / 8];
            Buffer.BlockCopy(raw, 0, all, 0, raw.Length);
            double[] b = new double[all.Length / 2], m = new double[all.Length / 2];
            for (int i = 0; i < b.Length; i++)
            {
                b[i] = all[2 * i];
                m[i] = all[2 * i + 1];
            }
            return (c, m, b);
        }
        return (c, Arr(c, "model"), Arr(c, "baseline"));
    }

    /// <summary>
    /// Cases where scipy returns a number but this library deliberately reports
    /// NaN: zero variance of d (scipy: t = ±inf, p = 0) and both samples constant.
    /// </summary>
    private static readonly Dictionary<string, string[]> DocumentedNaN = new()
    {
        ["zero_var_d"] = ["p_paired", "cohen_dz"],
        ["constant_samples"] = ["p_paired", "cohen_dz", "p_welch", "p_student"],
    };

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Matches_scipy(string name)
    {
        var (c, model, baseline) = Case(name);
        PairedComparison r = PairedComparison.Compute(model, baseline);
        int n = c.GetProperty("n").GetInt32();
        Assert.Equal(n, r.N);

        var actual = new Dictionary<string, double>
        {
            ["model_mean"] = r.ModelMean, ["baseline_mean"] = r.BaselineMean, ["diff_mean"] = r.DiffMean,
            ["diff_sd"] = r.DiffSd, ["ci_low"] = r.CiLow, ["ci_high"] = r.CiHigh, ["cohen_dz"] = r.CohenDz,
            ["p_paired"] = r.PPaired, ["p_welch"] = r.PWelch, ["p_student"] = r.PStudent,
            ["p_wilcoxon"] = r.PWilcoxon, ["wilcoxon_statistic"] = r.WilcoxonStatistic,
        };
        string[] nanByDesign = DocumentedNaN.GetValueOrDefault(name, []);
        foreach (var (key, value) in actual)
        {
            if (n < 2 && key is not ("model_mean" or "baseline_mean" or "diff_mean"))
            {
                Assert.True(double.IsNaN(value), $"{name} {key} must be NaN for n < 2");
                continue;
            }
            if (nanByDesign.Contains(key))
            {
                Assert.True(double.IsNaN(value), $"{name} {key} must be NaN (zero variance)");
                continue;
            }
            AssertClose(D(c, key), value, $"{name} {key}");
        }
        if (n >= 2)
        {
            Assert.Equal(c.GetProperty("wilcoxon_method").GetString(), r.WilcoxonMethod);
        }
        if (n < 2)
        {
            Assert.Contains("not testable (n < 2)", r.Note);
        }
        if (nanByDesign.Length > 0)
        {
            Assert.Contains("zero variance", r.Note);
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Wilcoxon_matches_scipy_including_warnings(string name)
    {
        var (c, model, baseline) = Case(name);
        WilcoxonResult w = WilcoxonSignedRank.Test(model, baseline);
        AssertClose(D(c, "p_wilcoxon"), w.PValue, name + " p");
        AssertClose(D(c, "wilcoxon_statistic"), w.Statistic, name + " statistic");
        string[] expectedWarnings = [.. c.GetProperty("wilcoxon_warnings").EnumerateArray().Select(e => e.GetString()!)];
        Assert.Equal(expectedWarnings, w.Warnings);
        string error = c.GetProperty("wilcoxon_error").GetString()!;
        if (error.Length > 0)
        {
            Assert.Equal("Wilcoxon undefined: all differences are zero", w.Note);
            Assert.Equal("", w.Method);
        }
        else if (c.GetProperty("n").GetInt32() > 0)
        {
            Assert.Null(w.Note);
            Assert.Equal(c.GetProperty("wilcoxon_method").GetString(), w.Method);
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void T_tests_match_scipy(string name)
    {
        var (c, model, baseline) = Case(name);
        string[] nanByDesign = DocumentedNaN.GetValueOrDefault(name, []);
        var tests = new (string Key, TTestResult Result)[]
        {
            ("p_paired", TTests.Paired(model, baseline)),
            ("p_welch", TTests.Welch(model, baseline)),
            ("p_student", TTests.Student(model, baseline)),
        };
        foreach (var (key, result) in tests)
        {
            if (nanByDesign.Contains(key) || c.GetProperty("n").GetInt32() < 2)
            {
                Assert.True(double.IsNaN(result.PValue));
                Assert.False(string.IsNullOrEmpty(result.Note));
            }
            else
            {
                AssertClose(D(c, key), result.PValue, $"{name} {key}");
            }
        }
    }

    [Fact]
    public void Ci_critical_value_matches_scipy_ppf()
    {
        foreach (string name in Names())
        {
            var (c, _, _) = Case(name);
            int n = c.GetProperty("n").GetInt32();
            if (n >= 2)
            {
                AssertClose(D(c, "t_crit"), TailProbabilities.StudentTQuantile(0.975, n - 1), name + " t_crit");
            }
        }
    }

    [Fact]
    public void Means_are_bitwise_equal_to_numpy_across_reduction_buffers()
    {
        var (c, model, baseline) = Case("large_20000"); // 20,000 > numpy's 8192-element buffer
        Assert.Equal(D(c, "model_mean"), NumpySummation.Mean(model));
        Assert.Equal(D(c, "baseline_mean"), NumpySummation.Mean(baseline));
        Assert.Equal(D(c, "diff_sd"), PairedComparison.Compute(model, baseline).DiffSd);
    }

    [Fact]
    public void Mismatched_lengths_and_non_finite_input_do_not_throw()
    {
        PairedComparison a = PairedComparison.Compute([1.0, 2.0], [1.0]);
        Assert.True(double.IsNaN(a.PPaired));
        Assert.NotEmpty(a.Note);
        PairedComparison b = PairedComparison.Compute([1.0, double.PositiveInfinity], [1.0, 2.0]);
        Assert.True(double.IsNaN(b.PWilcoxon));
        Assert.Equal("non-finite values", b.Note);
    }
}
