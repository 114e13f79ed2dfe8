using Bunit;
using SemSrDashboard.Components.Controls;
using SemSrDashboard.Engine.Inspection;
using SemSrDashboard.Tests.Dashboard;

namespace SemSrDashboard.Tests.Inspection;

public sealed class CategoryImagesTableTests : DashboardTestContext
{
    private static IReadOnlyList<CategoryImage> Images() => ImageRanking.Images(
        InspectionUnitTests.Results(("helped.png", 20, 23, 0.70, 0.75), ("hurt.png", 30, 28, 0.90, 0.87), ("flat.png", 25, 25.5, 0.8, 0.8)),
        "c", "m");

    private IRenderedComponent<CategoryImagesTable> Render(List<(string?, bool, string?)>? changes = null) =>
        Render<CategoryImagesTable>(p => p
            .Add(c => c.RunId, 7)
            .Add(c => c.Images, Images())
            .Add(c => c.Methods, ["bicubic", "m"])
            .Add(c => c.Model, "m")
            .Add(c => c.ImageHref, i => $"/runs/7/images/{i.Image.Id}")
            .Add(c => c.OnViewChanged, v => changes?.Add(v)));

    private static List<string> Files(IRenderedComponent<CategoryImagesTable> table) =>
        table.FindAll("[data-testid=image-link]").Select(a => a.TextContent).ToList();

    [Fact]
    public void Rows_link_to_the_image_page_and_sort_by_a_header_both_ways()
    {
        var changes = new List<(string?, bool, string?)>();
        var table = Render(changes);
        Assert.Equal(["flat.png", "helped.png", "hurt.png"], Files(table));
        Assert.Equal("/runs/7/images/1", table.FindAll("[data-testid=image-link]")[1].GetAttribute("href")); // helped.png
        Assert.Contains("+3.00", table.Markup, StringComparison.Ordinal);

        table.Find("[data-testid=sort-dpsnr]").Click(); // numbers: largest first
        Assert.Equal(["helped.png", "flat.png", "hurt.png"], Files(table));
        table.Find("[data-testid=sort-dpsnr]").Click();
        Assert.Equal(["hurt.png", "flat.png", "helped.png"], Files(table));
        Assert.Equal(("dpsnr", false, (string?)null), changes[^1]);
        Assert.Equal("ascending", table.Find("th[aria-sort]").GetAttribute("aria-sort"));
    }

    [Fact]
    public void The_filter_keeps_matching_files()
    {
        var table = Render();
        table.Find("input[data-testid=image-filter], [data-testid=image-filter] input").Input("hu");
        table.WaitForAssertion(() => Assert.Equal(["hurt.png"], Files(table)));
        Assert.Contains("1 of 3 images", table.Find("[data-testid=image-count]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Best_lists_the_largest_improvement_and_worst_the_largest_loss()
    {
        var cut = Render<SemSrDashboard.Components.Controls.BestWorstImages>(p => p
            .Add(c => c.RunId, 7)
            .Add(c => c.Images, Images())
            .Add(c => c.Model, "m")
            .Add(c => c.Count, 1)
            .Add(c => c.ImageHref, i => $"/runs/7/images/{i.Image.Id}"));

        var bestPsnr = cut.Find("[data-testid=best-psnr]");
        Assert.Contains("helped.png", bestPsnr.TextContent, StringComparison.Ordinal);
        Assert.Contains("+3.00 dB", bestPsnr.TextContent, StringComparison.Ordinal);
        var worstPsnr = cut.Find("[data-testid=worst-psnr]");
        Assert.Contains("hurt.png", worstPsnr.TextContent, StringComparison.Ordinal);
        Assert.Contains("-2.00 dB", worstPsnr.TextContent, StringComparison.Ordinal);
        Assert.Contains("helped.png", cut.Find("[data-testid=best-ssim]").TextContent, StringComparison.Ordinal);
        Assert.Contains("hurt.png", cut.Find("[data-testid=worst-ssim]").TextContent, StringComparison.Ordinal);
        Assert.Equal("/runs/7/images/1/thumbnail.png", bestPsnr.QuerySelector("img")!.GetAttribute("src"));
    }
}
