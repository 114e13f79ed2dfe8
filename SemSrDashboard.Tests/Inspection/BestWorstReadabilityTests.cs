using Bunit;
using SemSrDashboard.Components.Controls;
using SemSrDashboard.Engine.Inspection;
using SemSrDashboard.Engine.Statistics;
using SemSrDashboard.Model;
using SemSrDashboard.Tests.Dashboard;

namespace SemSrDashboard.Tests.Inspection;

/// <summary>Best and worst lists that can be read: distinguishable numbers, wording true for any sign, no image
/// repeated in both lists.</summary>
public sealed class BestWorstReadabilityTests : DashboardTestContext
{
    private IRenderedComponent<BestWorstImages> Lists(params (string File, double BicubicPsnr, double ModelPsnr, double BicubicSsim, double ModelSsim)[] images) =>
        Render<BestWorstImages>(p => p
            .Add(c => c.RunId, 7)
            .Add(c => c.Images, ImageRanking.Images(InspectionUnitTests.Results(images), "c", "m"))
            .Add(c => c.Model, "m")
            .Add(c => c.ImageHref, i => $"/runs/7/images/{i.Image.Id}"));

    private static string[] Deltas(AngleSharp.Dom.IElement card) =>
        card.QuerySelectorAll("[data-testid=best-worst-delta]").Select(e => e.TextContent.Trim()).ToArray();

    [Fact]
    public void Six_small_losses_get_enough_decimals_to_differ_and_are_worded_by_largest_and_smallest()
    {
        // Seen: all six Biological entries written "−0.01 dB"; every Δ negative under a "helped most" heading.
        var cut = Lists(("a.png", 30, 29.9939, 0.8, 0.7991), ("b.png", 30, 29.9917, 0.8, 0.7990), ("c.png", 30, 29.9888, 0.8, 0.7989),
            ("d.png", 30, 29.9861, 0.8, 0.7988), ("e.png", 30, 29.9896, 0.8, 0.7987), ("f.png", 30, 29.9929, 0.8, 0.7986));

        Assert.Equal(["-0.006 dB", "-0.007 dB", "-0.008 dB"], Deltas(cut.Find("[data-testid=best-psnr]")));
        Assert.Equal(["-0.014 dB", "-0.011 dB", "-0.010 dB"], Deltas(cut.Find("[data-testid=worst-psnr]")));
        Assert.Equal(["-0.0009", "-0.0010", "-0.0011"], Deltas(cut.Find("[data-testid=best-ssim]")));
        Assert.Contains("Largest ΔPSNR", cut.Find("[data-testid=best-psnr]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Smallest ΔPSNR", cut.Find("[data-testid=worst-psnr]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("helped", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("hurt", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Fewer_images_than_both_lists_need_are_one_ranked_list_each_image_once()
    {
        var cut = Lists(("a.png", 20, 21, 0.70, 0.71), ("b.png", 20, 19.5, 0.70, 0.69));

        Assert.Empty(cut.FindAll("[data-testid=best-psnr], [data-testid=worst-psnr], [data-testid=best-ssim], [data-testid=worst-ssim]"));
        var psnr = cut.Find("[data-testid=ranked-psnr]");
        Assert.Contains("All 2 images by ΔPSNR", psnr.TextContent, StringComparison.Ordinal);
        Assert.Equal(["+1.00 dB", "-0.50 dB"], Deltas(psnr));
        Assert.Equal(["+0.0100", "-0.0100"], Deltas(cut.Find("[data-testid=ranked-ssim]")));
        Assert.Equal(4, cut.FindAll("[data-testid=best-worst-item]").Count); // 2 images × 2 metrics, none repeated
    }

    [Theory]
    [InlineData(new[] { 1.5, 2.5 }, 2)]
    [InlineData(new[] { -0.0061, -0.0083, -0.0112 }, 3)]
    [InlineData(new[] { 0.004, 0.0041 }, 4)]
    [InlineData(new[] { 0.00001, 0.5 }, 5)]
    [InlineData(new[] { 1e-12, 0.5 }, 6)]
    public void Decimals_grow_until_values_differ_and_none_reads_as_zero(double[] values, int expected)
    {
        Assert.Equal(expected, NumberFormat.DecimalsToTellApart(values.Select(v => (double?)v), RunComparison.Psnr));
    }
}
