using Bunit;
using SemSrDashboard.Components.Controls;
using SemSrDashboard.Engine.Statistics;
using SemSrDashboard.Model;

namespace SemSrDashboard.Tests.Dashboard;

public sealed class ComparisonTableTests : DashboardTestContext
{
    private static CategoryTableRow Row(string category, double diff, double pPaired, double pHolm, int excluded = 0) => new(
        category, 12, excluded, 25.123, 25.4567, 0.81234, 0.823456, diff, diff - 0.1, diff + 0.1, 0.8, pPaired, 0.2, 3.2e-5, "exact",
        pHolm, "");

    private static readonly CategoryTableRow[] Rows =
    [
        Row("grains", 0.3456, 1e-4, 2e-4),
        Row("fibres", -0.12, 0.04, 0.08, excluded: 1),
        Row(CategorySummarizer.AllCategory, 0.11, 0.0, double.NaN),
    ];

    private IRenderedComponent<ComparisonTable> RenderTable() =>
        Render<ComparisonTable>(p => p.Add(t => t.Rows, Rows).Add(t => t.Metric, "psnr").Add(t => t.Model, "drln"));

    [Fact]
    public void Formats_psnr_ssim_differences_and_p_values()
    {
        var cut = RenderTable();
        var first = cut.FindAll("tbody tr")[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray();

        Assert.Equal("fibres", first[0]); // sorted by category
        Assert.Equal("12+1", first[1].Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
        Assert.Equal("25.12", first[2]);
        Assert.Equal("25.46", first[3]);
        Assert.Equal("0.8123", first[4]);
        Assert.Equal("0.8235", first[5]);
        Assert.Equal("-0.12", first[6]);
        Assert.Equal("[-0.22, -0.02]", first[7]);
        Assert.Equal("0.80", first[8]);
        Assert.Equal("0.040", first[9]);
        Assert.Equal("0.200", first[10]);
        Assert.Equal("3.2e-5", first[11]);
        Assert.Equal("0.080", first[12]);
        Assert.Equal("not significant", first[13]);
    }

    [Fact]
    public void Badge_uses_holm_adjusted_p_and_the_pooled_row_sits_in_the_footer()
    {
        var cut = RenderTable();
        var grains = cut.FindAll("tbody tr")[1];
        Assert.Contains("better", grains.TextContent);

        var footer = cut.Find("tfoot").TextContent;
        Assert.Contains("All images", footer);
        Assert.Contains("< 1e-300", footer);
        Assert.DoesNotContain(cut.FindAll("tbody tr"), r => r.TextContent.Contains("All images", StringComparison.Ordinal));
    }

    [Fact]
    public void For_gmsd_a_significant_decrease_is_better_and_an_increase_worse()
    {
        CategoryTableRow[] rows = [Row("grains", -0.0123, 1e-4, 2e-4), Row("fibres", 0.0456, 1e-4, 2e-4)];
        var cut = Render<ComparisonTable>(p => p.Add(t => t.Rows, rows).Add(t => t.Metric, "gmsd").Add(t => t.Model, "drln"));

        var fibres = cut.FindAll("tbody tr")[0];
        var grains = cut.FindAll("tbody tr")[1];
        Assert.Contains("worse", fibres.TextContent);
        Assert.Contains("better", grains.TextContent);
        Assert.Equal("-0.0123", grains.QuerySelector("[data-testid=diff-cell]")!.TextContent.Trim()); // still model − baseline
        Assert.Contains("delta-better", grains.QuerySelector("[data-testid=diff-cell] b")!.ClassName);
        Assert.Contains("delta-worse", fibres.QuerySelector("[data-testid=diff-cell] b")!.ClassName);
        Assert.Contains("Δ GMSD", cut.Find("thead").TextContent);
    }

    [Fact]
    public void For_detail_ratio_a_significant_change_is_higher_or_lower_never_better_or_worse()
    {
        CategoryTableRow[] rows = [Row("grains", 0.123, 1e-4, 2e-4), Row("fibres", -0.0456, 1e-4, 2e-4)];
        var cut = Render<ComparisonTable>(p => p.Add(t => t.Rows, rows).Add(t => t.Metric, "detail_ratio").Add(t => t.Model, "drln"));

        var fibres = cut.FindAll("tbody tr")[0];
        var grains = cut.FindAll("tbody tr")[1];
        Assert.Contains("lower", fibres.TextContent);
        Assert.Contains("higher", grains.TextContent);
        Assert.DoesNotContain("better", grains.TextContent + fibres.TextContent);
        Assert.DoesNotContain("worse", grains.TextContent + fibres.TextContent);
        Assert.Equal("", grains.QuerySelector("[data-testid=diff-cell] b")!.ClassName ?? "");
    }

    [Fact]
    public void Headers_explain_welch_as_the_original_study_test()
    {
        var cut = RenderTable();
        Assert.Contains("Δ PSNR", cut.Find("thead").TextContent);
        Assert.Contains("p Welch", cut.Find("thead").TextContent);
        Assert.Contains(cut.FindComponents<Tip>(), t => t.Instance.Text == "Welch's unpaired t-test: the original study's unpaired test");
    }

    [Fact]
    public void Filter_matches_category_names_and_significance()
    {
        Assert.Equal(["grains"], ComparisonTable.Filter(Rows, "GRA", false, 0.05).Select(r => r.Category));
        Assert.Equal(["grains"], ComparisonTable.Filter(Rows, null, true, 0.05).Select(r => r.Category));
        Assert.Equal(2, ComparisonTable.Filter(Rows, " ", false, 0.05).Count());
    }

    [Fact]
    public void Table_rows_join_the_metric_with_psnr_and_ssim_means()
    {
        static ComparisonRow Summary(string category, string metric, double baseline, double model) => new("1", "m", "bicubic", category, metric,
            3, 0, baseline, model, model - baseline, 0.1, 0, 1, 1, 0.01, 0.02, 0.02, 0.03, "exact", 0.02, "");
        var psnr = new[] { Summary("a", "psnr", 30, 31), Summary("ALL", "psnr", 30, 31) };
        var ssim = new[] { Summary("a", "ssim", 0.8, 0.85), Summary("ALL", "ssim", 0.8, 0.85) };
        var skimage = new[] { Summary("a", "ssim_skimage", 0.7, 0.75), Summary("ALL", "ssim_skimage", 0.7, 0.75) };

        var rows = CategoryTableRow.Build(skimage, psnr, ssim);
        Assert.Equal(30, rows[0].PsnrBaseline);
        Assert.Equal(0.85, rows[0].SsimModel);
        Assert.Equal(0.05, rows[0].DiffMean, 12);
        Assert.True(rows[1].IsAll);
        Assert.Equal(0.01, rows[1].PDecision); // pooled row: plain paired p
        Assert.Equal(0.02, rows[0].PDecision); // category: Holm-adjusted
    }
}
