using Bunit;
using SemSrDashboard.Components.Controls;
using SemSrDashboard.Engine.Statistics;
using SemSrDashboard.Model;

namespace SemSrDashboard.Tests.Dashboard;

/// <summary>The headline cards are coloured by the Holm-adjusted paired test, not by the sign of the mean.</summary>
public sealed class HeadlineEvidenceTests : DashboardTestContext
{
    private static ComparisonRow AllRow(string metric, double diff, double pPaired) =>
        new("1", "m", "bicubic", CategorySummarizer.AllCategory, metric, 32, 0, 30, 30 + diff, diff, 0.5, diff - 0.2, diff + 0.2, 0.1,
            pPaired, 0.5, 0.5, 0.5, "exact", double.NaN, "");

    private IRenderedComponent<HeadlineCards> Cards(ComparisonRow psnr, ComparisonRow ssim) =>
        Render<HeadlineCards>(p => p.Add(c => c.Done, 32).Add(c => c.Total, 32).Add(c => c.Model, "m")
            .Add(c => c.Psnr, psnr).Add(c => c.Ssim, ssim).Add(c => c.Completeness, RunCompleteness.Complete));

    [Fact]
    public void A_mean_whose_paired_test_is_not_significant_gets_no_colour()
    {
        // PSNR: +0.12 dB with p 0.30, SSIM: −0.004 with p 0.20; Holm: 2 × 0.20 = 0.40 and max(0.40, 0.30) = 0.40.
        var cut = Cards(AllRow(RunComparison.Psnr, 0.12, 0.30), AllRow(RunComparison.Ssim, -0.004, 0.20));

        Assert.DoesNotContain("mud-success-text", cut.Find("[data-testid=headline-psnr]").ClassName);
        Assert.DoesNotContain("mud-error-text", cut.Find("[data-testid=headline-ssim]").ClassName);
        Assert.Equal("not significant, Holm p 0.400", cut.Find("[data-testid=headline-psnr-verdict]").TextContent.Trim());
        Assert.Equal("not significant, Holm p 0.400", cut.Find("[data-testid=headline-ssim-verdict]").TextContent.Trim());
    }

    [Fact]
    public void Significance_after_holm_across_the_two_headline_metrics_colours_by_direction()
    {
        // Raw p 0.02 and 0.03: Holm gives 2 × 0.02 = 0.04 and max(0.04, 1 × 0.03) = 0.04; both below 0.05.
        var cut = Cards(AllRow(RunComparison.Psnr, 0.4, 0.02), AllRow(RunComparison.Ssim, -0.01, 0.03));

        Assert.Contains("mud-success-text", cut.Find("[data-testid=headline-psnr]").ClassName);
        Assert.Contains("mud-error-text", cut.Find("[data-testid=headline-ssim]").ClassName);
        Assert.Equal("better, Holm p 0.040", cut.Find("[data-testid=headline-psnr-verdict]").TextContent.Trim());
        Assert.Equal("worse, Holm p 0.040", cut.Find("[data-testid=headline-ssim-verdict]").TextContent.Trim());
    }

    [Fact]
    public void A_raw_p_below_alpha_that_holm_lifts_above_it_is_not_coloured()
    {
        // Raw p 0.03 and 0.6: Holm gives 0.06 for PSNR.
        var cut = Cards(AllRow(RunComparison.Psnr, 0.4, 0.03), AllRow(RunComparison.Ssim, 0.001, 0.6));

        Assert.DoesNotContain("mud-success-text", cut.Find("[data-testid=headline-psnr]").ClassName);
        Assert.Equal("not significant, Holm p 0.060", cut.Find("[data-testid=headline-psnr-verdict]").TextContent.Trim());
    }
}
