using System.Globalization;
using SemSrDashboard.Cli;
using SemSrDashboard.Engine.Statistics;

namespace SemSrDashboard.Tests.Cli;

public sealed class StatsVerbTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("semsr-stats-").FullName;

    [Fact]
    public async Task Writes_one_row_per_category_and_metric_with_the_contract_columns()
    {
        string data = CopyDemoImages(("Nanowires", 2), ("Biological", 2));
        string db = Path.Combine(_work, "s.db"), results = Path.Combine(_work, "r.csv"), stats = Path.Combine(_work, "s.csv");
        Assert.Equal(0, await CommandLine.RunAsync(["evaluate", "--data", data, "--methods", "bicubic,lanczos", "--db", db, "--csv", results],
            TextWriter.Null, TextWriter.Null));

        var error = new StringWriter();
        int code = await CommandLine.RunAsync(["stats", "--db", db, "--csv", stats], TextWriter.Null, error);

        Assert.Equal(0, code);
        var lines = File.ReadAllLines(stats);
        Assert.Equal(string.Join(',', ComparisonRow.Columns), lines[0]);
        Assert.Equal("run,model,baseline,category,metric,n,n_excluded,baseline_mean,model_mean,diff_mean,diff_sd,ci_low,ci_high,cohen_dz,p_paired,p_welch,p_student,p_wilcoxon,wilcoxon_method,p_paired_holm,note", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(3 * 8, rows.Count); // (2 categories + ALL) × every registered metric
        Assert.Equal(["psnr", "ssim", "ssim_skimage", "ms_ssim", "gmsd", "lr_psnr", "detail_corr", "detail_ratio"], rows.Select(r => r[4]).Distinct());
        Assert.All(rows, r => Assert.Equal("lanczos", r[1]));

        // diff_mean of ALL/psnr equals the mean of lanczos − bicubic over the long CSV.
        var perImage = File.ReadAllLines(results).Skip(1).Select(l => l.Split(','))
            .GroupBy(f => f[1]).Select(g => double.Parse(g.Single(f => f[4] == "lanczos")[5], CultureInfo.InvariantCulture)
                                           - double.Parse(g.Single(f => f[4] == "bicubic")[5], CultureInfo.InvariantCulture)).ToList();
        var all = rows.Single(r => r[3] == "ALL" && r[4] == "psnr");
        Assert.Equal("4", all[5]);
        Assert.Equal(perImage.Average(), double.Parse(all[9], CultureInfo.InvariantCulture), 1e-12);

        // GMSD is lower-is-better, yet diff_mean is still lanczos − bicubic (column 12 of the long CSV is gmsd).
        var gmsdDiffs = File.ReadAllLines(results).Skip(1).Select(l => l.Split(','))
            .GroupBy(f => f[1]).Select(g => double.Parse(g.Single(f => f[4] == "lanczos")[12], CultureInfo.InvariantCulture)
                                           - double.Parse(g.Single(f => f[4] == "bicubic")[12], CultureInfo.InvariantCulture)).ToList();
        var gmsd = rows.Single(r => r[3] == "ALL" && r[4] == "gmsd");
        Assert.Equal(gmsdDiffs.Average(), double.Parse(gmsd[9], CultureInfo.InvariantCulture), 1e-12);
    }

    [Fact]
    public async Task A_run_with_only_the_baseline_is_refused_with_exit_code_2()
    {
        string data = CopyDemoImages(("Nanowires", 1));
        string db = Path.Combine(_work, "b.db");
        Assert.Equal(0, await CommandLine.RunAsync(["evaluate", "--data", data, "--db", db, "--methods", "bicubic"], TextWriter.Null, TextWriter.Null));

        var error = new StringWriter();
        int code = await CommandLine.RunAsync(["stats", "--db", db], TextWriter.Null, error);

        Assert.Equal(2, code);
        Assert.Contains("nothing to compare", error.ToString());
    }

    private string CopyDemoImages(params (string Category, int Count)[] picks)
    {
        string root = Path.Combine(_work, "data-" + Guid.NewGuid().ToString("N")[..6]);
        foreach (var (category, count) in picks)
            RepositoryPaths.CopyDemoCategory(category, root, count);
        return root;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
