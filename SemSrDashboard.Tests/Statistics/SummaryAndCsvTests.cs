using System.Text.Json;
using SemSrDashboard.Engine.Export;
using SemSrDashboard.Engine.Statistics;
using Xunit.Abstractions;
using static SemSrDashboard.Tests.Statistics.StatsFixtures;

namespace SemSrDashboard.Tests.Statistics;

public class SummaryAndCsvTests(ITestOutputHelper output)
{
    private static IReadOnlyList<ComparisonRow> Summarize(out JsonElement expected)
    {
        JsonElement root = Load("summary_case.json");
        expected = root.GetProperty("expected");
        var rows = root.GetProperty("rows").EnumerateArray().Select(r => new MetricPair(
            r[0].GetString()!, r[1].GetString()!, D(r[2]), D(r[3])));
        return CategorySummarizer.Summarize("run-1", "drln", "bicubic", "psnr", rows);
    }

    [Fact]
    public void Summary_matches_scipy_per_category_with_holm()
    {
        IReadOnlyList<ComparisonRow> result = Summarize(out JsonElement expected);
        string[] categories = [.. expected.EnumerateObject().Select(p => p.Name)];
        Assert.Equal(categories, result.Select(r => r.Category).ToArray());
        Assert.Equal("ALL", result[^1].Category);
        foreach (ComparisonRow row in result)
        {
            JsonElement e = expected.GetProperty(row.Category);
            int n = e.GetProperty("n").GetInt32();
            Assert.Equal(n, row.N);
            Assert.Equal(e.GetProperty("n_excluded").GetInt32(), row.NExcluded);
            Assert.Equal(("run-1", "drln", "bicubic", "psnr"), (row.Run, row.Model, row.Baseline, row.Metric));
            var values = new (string, double)[]
            {
                ("baseline_mean", row.BaselineMean), ("model_mean", row.ModelMean), ("diff_mean", row.DiffMean),
                ("diff_sd", row.DiffSd), ("ci_low", row.CiLow), ("ci_high", row.CiHigh), ("cohen_dz", row.CohenDz),
                ("p_paired", row.PPaired), ("p_welch", row.PWelch), ("p_student", row.PStudent),
                ("p_wilcoxon", row.PWilcoxon), ("p_paired_holm", row.PPairedHolm),
            };
            foreach (var (key, value) in values)
            {
                bool onlyMeans = n < 2 && key is not ("baseline_mean" or "model_mean" or "diff_mean");
                if (onlyMeans)
                {
                    Assert.True(double.IsNaN(value), $"{row.Category} {key} must be NaN");
                }
                else
                {
                    AssertClose(D(e, key), value, $"{row.Category} {key}");
                }
            }
            if (n >= 2)
            {
                Assert.Equal(e.GetProperty("wilcoxon_method").GetString(), row.WilcoxonMethod);
            }
            if (row.NExcluded > 0)
            {
                Assert.Contains("non-finite values excluded", row.Note);
            }
        }
        Assert.Contains("not testable (n < 2)", result.Single(r => r.Category == "single").Note);
        Assert.Contains("no finite pairs", result.Single(r => r.Category == "empty").Note);
    }

    [Fact]
    public void Csv_has_exact_header_and_round_trip_numbers()
    {
        IReadOnlyList<ComparisonRow> result = Summarize(out _);
        string csv = ComparisonCsvWriter.ToCsv(result);
        string[] lines = csv.Split('\n');
        Assert.Equal(
            "run,model,baseline,category,metric,n,n_excluded,baseline_mean,model_mean,diff_mean,diff_sd,ci_low,ci_high," +
            "cohen_dz,p_paired,p_welch,p_student,p_wilcoxon,wilcoxon_method,p_paired_holm,note",
            lines[0]);
        Assert.Equal(result.Count + 2, lines.Length); // header + rows + trailing empty
        Assert.Equal("", lines[^1]);
        ComparisonRow grains = result.Single(r => r.Category == "grains");
        string grainsLine = lines.Single(l => l.StartsWith("run-1,drln,bicubic,grains,", StringComparison.Ordinal));
        string[] fields = grainsLine.Split(',');
        Assert.Equal(grains.DiffMean, ParseNumber(fields[9]));
        Assert.Equal(grains.PPaired, ParseNumber(fields[14]));
        Assert.Equal(grains.PPairedHolm, ParseNumber(fields[19]));
        Assert.Contains(",nan,", lines.Single(l => l.Contains(",ALL,", StringComparison.Ordinal)));
    }

    [Fact]
    public void Csv_spells_non_finite_values_and_quotes_text()
    {
        Assert.Equal("inf", ComparisonCsvWriter.Number(double.PositiveInfinity));
        Assert.Equal("-inf", ComparisonCsvWriter.Number(double.NegativeInfinity));
        Assert.Equal("nan", ComparisonCsvWriter.Number(double.NaN));
        Assert.Equal("0.1", ComparisonCsvWriter.Number(0.1));
        Assert.Equal("1E-300", ComparisonCsvWriter.Number(1e-300));
        Assert.Equal(0.30000000000000004, ParseNumber(ComparisonCsvWriter.Number(0.1 + 0.2)));
        var row = new ComparisonRow("r", "m", "b", "a,\"b\"", "psnr", 0, 1, double.NaN, double.NaN, double.NaN,
            double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, "",
            double.NaN, "x; y");
        string line = ComparisonCsvWriter.ToCsv([row]).Split('\n')[1];
        Assert.StartsWith("r,m,b,\"a,\"\"b\"\"\",psnr,0,1,nan,", line);
        Assert.EndsWith(",,nan,x; y", line);
    }

    [Fact]
    public void Max_errors_against_scipy_are_within_tolerance()
    {
        var maxErr = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (string name in PairedComparisonTests.Names())
        {
            var (c, model, baseline) = PairedComparisonTests.Case(name);
            PairedComparison r = PairedComparison.Compute(model, baseline);
            var actual = new Dictionary<string, double>
            {
                ["model_mean"] = r.ModelMean, ["baseline_mean"] = r.BaselineMean, ["diff_mean"] = r.DiffMean,
                ["diff_sd"] = r.DiffSd, ["ci_low"] = r.CiLow, ["ci_high"] = r.CiHigh, ["cohen_dz"] = r.CohenDz,
                ["p_paired"] = r.PPaired, ["p_welch"] = r.PWelch, ["p_student"] = r.PStudent,
                ["p_wilcoxon"] = r.PWilcoxon,
            };
            foreach (var (key, value) in actual)
            {
                double expected = D(c, key);
                if (double.IsNaN(value) || double.IsNaN(expected) || expected == 0)
                {
                    continue; // NaN agreement and exact zeros are asserted in PairedComparisonTests
                }
                double err = Error(expected, value);
                maxErr[key] = Math.Max(maxErr.GetValueOrDefault(key), err);
            }
        }
        foreach (var (key, err) in maxErr)
        {
            output.WriteLine($"{key}: max relative error {err:E2}");
        }
        Assert.All(maxErr, kv => Assert.True(kv.Value <= RelTol, $"{kv.Key}: {kv.Value}"));
        Assert.Equal(11, maxErr.Count);
    }
}
