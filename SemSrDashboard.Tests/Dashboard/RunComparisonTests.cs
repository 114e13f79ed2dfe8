using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Statistics;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Tests.Dashboard;

public sealed class RunComparisonTests
{
    private static StoredRun Run(string methods) => new()
    {
        Id = 7, DataRoot = "/data", Methods = methods, Protocol = "standard", InfoBar = "auto", Device = "auto",
        Fingerprint = "", Status = RunStatus.Completed,
    };

    private static (StoredImage, StoredResult) Result(int imageId, string category, string method, double? psnr, double? ssim,
        string status = ResultStatus.Ok)
    {
        var image = new StoredImage { Id = imageId, RunId = 7, Category = category, RelativePath = $"{category}/{imageId}.png" };
        return (image, new StoredResult { RunId = 7, ImageId = imageId, Method = method, Psnr = psnr, Ssim = ssim, SsimSkimage = ssim, Status = status });
    }

    [Fact]
    public void Compared_methods_are_every_method_but_bicubic_models_first_and_models_exclude_interpolations()
    {
        var run = Run("bicubic,bilinear,drln-x4");
        Assert.Equal(["drln-x4", "bilinear"], RunComparison.ComparedMethods(run));
        Assert.Equal(["drln-x4"], RunComparison.Models(run));
        Assert.Empty(RunComparison.ComparedMethods(Run("bicubic")));
    }

    [Fact]
    public void Pairs_need_both_methods_ok_and_keep_infinite_psnr_for_the_summariser_to_count()
    {
        var results = new[]
        {
            Result(1, "a", "bicubic", 30, 0.8), Result(1, "a", "bilinear", 29, 0.7),
            Result(2, "a", "bicubic", double.PositiveInfinity, 1), Result(2, "a", "bilinear", double.PositiveInfinity, 1),
            Result(3, "b", "bicubic", 20, 0.5), Result(3, "b", "bilinear", null, null, ResultStatus.Failed),
            Result(4, "b", "bicubic", 21, 0.6), Result(4, "b", "bilinear", 22, 0.65),
        };
        var psnr = RunComparison.Pairs(results, "bilinear", RunComparison.Psnr);
        Assert.Equal(["a/1.png", "a/2.png", "b/4.png"], psnr.Select(p => p.ImageKey));
        Assert.Equal(new MetricPair("b", "b/4.png", 21, 22), psnr[2]);

        var rows = RunComparison.Summarize(Run("bicubic,bilinear"), results, "bilinear", RunComparison.Psnr);
        var all = rows.Single(r => r.Category == CategorySummarizer.AllCategory);
        Assert.Equal(2, all.N);
        Assert.Equal(1, all.NExcluded);
        Assert.Equal("7", all.Run);
    }

    [Fact]
    public void Summary_of_a_run_covers_every_compared_method_and_metric()
    {
        var results = new[] { Result(1, "a", "bicubic", 30, 0.8), Result(1, "a", "bilinear", 29, 0.7), Result(1, "a", "lanczos", 31, 0.9) };
        var rows = RunComparison.SummarizeAll(Run("bicubic,bilinear,lanczos"), results);
        Assert.Equal(2 * 3 * 2, rows.Count); // methods × metrics × (category + ALL)
        Assert.Contains(rows, r => r.Model == "lanczos" && r.Metric == RunComparison.SsimSkimage);
    }
}
