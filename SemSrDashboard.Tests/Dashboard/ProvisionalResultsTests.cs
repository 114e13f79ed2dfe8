using Bunit;
using SemSrDashboard.Components.Controls;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Statistics;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Model;

namespace SemSrDashboard.Tests.Dashboard;

/// <summary>An incomplete run's results are labelled provisional, its verdicts muted, and unfinished categories say
/// how many of their images are in.</summary>
public sealed class ProvisionalResultsTests : DashboardTestContext
{
    private static StoredRun Run(string status) => new()
    {
        Id = 3, DataRoot = "/data", Methods = "bicubic,m", Protocol = "standard", InfoBar = "auto", Device = "cpu",
        Fingerprint = "f", Status = status, TotalImages = 8,
    };

    /// <summary>Categories a (5 images) and b (3 images); a's images 1–3 and all of b have both methods, a/4 only bicubic.</summary>
    private static RunCompleteness Completeness(string status)
    {
        var run = Run(status);
        var images = Enumerable.Range(1, 5).Select(i => Image(i, "a")).Concat(Enumerable.Range(6, 3).Select(i => Image(i, "b"))).ToList();
        var results = new List<(StoredImage, StoredResult)>();
        foreach (var image in images.Where(i => i.Id is <= 3 or >= 6))
            results.AddRange(new[] { "bicubic", "m" }.Select(m => (image, Result(image, m))));
        results.Add((images[3], Result(images[3], "bicubic")));
        return RunCompleteness.From(run, images, results);
    }

    private static StoredImage Image(int id, string category) => new() { Id = id, RunId = 3, Category = category, RelativePath = $"{category}/{id}.png" };

    private static StoredResult Result(StoredImage image, string method) =>
        new() { RunId = 3, ImageId = image.Id, Method = method, Status = "ok", Psnr = 30 };

    private static ComparisonRow AllRow(string metric, double diff) =>
        new("3", "m", "bicubic", CategorySummarizer.AllCategory, metric, 6, 0, 30, 30 + diff, diff, 0.1, diff - 0.05, diff + 0.05, 2.0,
            1e-4, 0.01, 0.01, 0.03, "exact", double.NaN, "");

    private static CategoryTableRow Row(string category, double diff) =>
        new(category, 3, 0, 30, 30 + diff, 0.8, 0.81, diff, diff - 0.1, diff + 0.1, 2.0, 1e-4, 0.01, 0.03, "exact", 1e-3, "");

    [Fact]
    public void Counts_images_with_every_method_stored_per_category_and_in_all()
    {
        var completeness = Completeness(RunStatus.Running);

        Assert.True(completeness.IsProvisional);
        Assert.Equal("provisional — 6 of 8 images, 1 of 2 categories complete", completeness.Summary);
        Assert.Equal("3 of 5 images in", completeness.CategoryProgress("a"));
        Assert.Null(completeness.CategoryProgress("b"));
        Assert.StartsWith("provisional — this category: 3 of 5 images in; the run has 6 of 8 images", completeness.CategorySummary("a"));
        Assert.StartsWith("provisional — every image of this category is in", completeness.CategorySummary("b"));
        Assert.Contains("resumed", Completeness(RunStatus.Cancelled).Caveat);
        Assert.Null(Completeness(RunStatus.Completed).Summary);
    }

    [Fact]
    public void Headline_cards_of_an_incomplete_run_say_provisional_and_carry_no_verdict_colour()
    {
        var provisional = Render<HeadlineCards>(p => p.Add(c => c.Done, 6).Add(c => c.Total, 8).Add(c => c.Model, "m")
            .Add(c => c.Psnr, AllRow(RunComparison.Psnr, 0.5)).Add(c => c.Ssim, AllRow(RunComparison.Ssim, -0.01))
            .Add(c => c.Completeness, Completeness(RunStatus.Running)));
        var complete = Render<HeadlineCards>(p => p.Add(c => c.Done, 8).Add(c => c.Total, 8).Add(c => c.Model, "m")
            .Add(c => c.Psnr, AllRow(RunComparison.Psnr, 0.5)).Add(c => c.Ssim, AllRow(RunComparison.Ssim, -0.01))
            .Add(c => c.Completeness, Completeness(RunStatus.Completed)));

        Assert.Contains("provisional: 1 of 2 categories complete", provisional.Find("[data-testid=headline-provisional]").TextContent);
        Assert.DoesNotContain("mud-success-text", provisional.Find("[data-testid=headline-psnr]").ClassName);
        Assert.DoesNotContain("mud-error-text", provisional.Find("[data-testid=headline-ssim]").ClassName);
        Assert.Empty(complete.FindAll("[data-testid=headline-provisional]"));
        Assert.Contains("mud-success-text", complete.Find("[data-testid=headline-psnr]").ClassName);
    }

    [Fact]
    public void Table_verdicts_of_an_incomplete_run_are_muted_and_unfinished_categories_show_their_progress()
    {
        CategoryTableRow[] rows = [Row("a", 0.4), Row("b", -0.3), Row(CategorySummarizer.AllCategory, 0.1)];

        var cut = Render<ComparisonTable>(p => p.Add(t => t.Rows, rows).Add(t => t.Metric, "psnr").Add(t => t.Model, "m")
            .Add(t => t.Completeness, Completeness(RunStatus.Running)));

        var body = cut.FindAll("tbody tr");
        Assert.Contains("3 of 5 images in", body[0].QuerySelector("td")!.TextContent);
        Assert.Empty(body[1].QuerySelectorAll("[data-testid=category-progress]"));
        Assert.Contains("better (provisional)", body[0].TextContent);
        Assert.Contains("worse (provisional)", body[1].TextContent);
        Assert.Empty(cut.FindAll(".mud-chip-color-success, .mud-chip-color-error"));
        Assert.Empty(cut.FindAll("[data-testid=diff-cell] .delta-better, [data-testid=diff-cell] .delta-worse"));
        Assert.Equal(3, cut.FindAll("[data-testid=diff-cell] .mud-text-secondary").Count);

        var complete = Render<ComparisonTable>(p => p.Add(t => t.Rows, rows).Add(t => t.Metric, "psnr").Add(t => t.Model, "m")
            .Add(t => t.Completeness, Completeness(RunStatus.Completed)));
        Assert.NotEmpty(complete.FindAll(".mud-chip-color-success"));
        Assert.NotEmpty(complete.FindAll(".mud-chip-color-error"));
        Assert.Equal(2, complete.FindAll("[data-testid=diff-cell] .delta-better").Count);
        Assert.Single(complete.FindAll("[data-testid=diff-cell] .delta-worse"));
        Assert.Empty(complete.FindAll("[data-testid=category-progress]"));
    }
}
