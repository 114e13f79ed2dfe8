using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Inspection;
using SemSrDashboard.Engine.Statistics;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Model;

namespace SemSrDashboard.Tests.Inspection;

public sealed class InspectionUnitTests
{
    internal static List<(StoredImage, StoredResult)> Results(params (string File, double BicubicPsnr, double ModelPsnr, double BicubicSsim, double ModelSsim)[] images)
    {
        var results = new List<(StoredImage, StoredResult)>();
        int id = 0;
        foreach (var (file, bp, mp, bs, ms) in images)
        {
            var image = new StoredImage { Id = ++id, RunId = 1, Category = "c", RelativePath = $"c/{file}", Width = 64, Height = 48 };
            results.Add((image, new StoredResult { ImageId = id, Method = "bicubic", Psnr = bp, Ssim = bs, Status = ResultStatus.Ok }));
            results.Add((image, new StoredResult { ImageId = id, Method = "m", Psnr = mp, Ssim = ms, Status = ResultStatus.Ok }));
        }
        return results;
    }

    [Fact]
    public void Best_is_the_largest_improvement_of_the_model_over_bicubic_and_worst_the_smallest()
    {
        // helped: the model gains 3 dB and 0.05 SSIM; hurt: it loses 2 dB and 0.03; flat: no change.
        var images = ImageRanking.Images(Results(("helped.png", 20, 23, 0.70, 0.75), ("hurt.png", 30, 28, 0.90, 0.87), ("flat.png", 25, 25, 0.8, 0.8)),
            "c", "m");

        Assert.Equal(3.0, images.Single(i => i.FileName == "helped.png").DeltaPsnr!.Value, 12);
        Assert.Equal(["helped.png", "flat.png", "hurt.png"], ImageRanking.Best(images, RunComparison.Psnr, 3).Select(i => i.FileName));
        Assert.Equal(["hurt.png", "flat.png", "helped.png"], ImageRanking.Worst(images, RunComparison.Psnr, 3).Select(i => i.FileName));
        Assert.Equal("helped.png", ImageRanking.Best(images, RunComparison.Ssim, 1).Single().FileName);
        Assert.Equal("hurt.png", ImageRanking.Worst(images, RunComparison.Ssim, 1).Single().FileName);
    }

    [Fact]
    public void For_a_lower_is_better_metric_the_best_image_has_the_most_negative_delta()
    {
        var results = Results(("sharper.png", 20, 21, 0.7, 0.7), ("noisier.png", 20, 21, 0.7, 0.7), ("same.png", 20, 21, 0.7, 0.7));
        // GMSD of bicubic, then of the model: sharper.png drops by 0.05 (better), noisier.png rises by 0.04 (worse).
        foreach (var (file, baseline, model) in new[] { ("sharper.png", 0.15, 0.10), ("noisier.png", 0.10, 0.14), ("same.png", 0.12, 0.12) })
        {
            for (int i = 0; i < results.Count; i++)
                if (results[i].Item1.RelativePath == $"c/{file}")
                    results[i] = (results[i].Item1, results[i].Item2 with { Gmsd = results[i].Item2.Method == "bicubic" ? baseline : model });
        }
        var images = ImageRanking.Images(results, "c", "m");

        Assert.Equal(-0.05, ImageRanking.DeltaOf(images.Single(i => i.FileName == "sharper.png"), "gmsd")!.Value, 12);
        Assert.Equal(["sharper.png", "same.png", "noisier.png"], ImageRanking.Best(images, "gmsd", 3).Select(i => i.FileName));
        Assert.Equal(["noisier.png", "same.png", "sharper.png"], ImageRanking.Worst(images, "gmsd", 3).Select(i => i.FileName));
        Assert.Equal("delta-better", NumberFormat.DeltaClass(-0.05, "gmsd"));
        Assert.Equal("delta-worse", NumberFormat.DeltaClass(0.04, "gmsd"));
        Assert.Equal("delta-better", NumberFormat.DeltaClass(0.04, "psnr"));
        // Metrics a run did not compute rank nothing.
        Assert.Empty(ImageRanking.Best(images, "detail_corr", 3));
    }

    [Fact]
    public void Images_without_both_results_are_not_ranked()
    {
        var results = Results(("a.png", 20, 21, 0.7, 0.71), ("b.png", 20, double.PositiveInfinity, 0.7, 0.72));
        results.Add((new StoredImage { Id = 9, RunId = 1, Category = "c", RelativePath = "c/failed.png" },
            new StoredResult { ImageId = 9, Method = "m", Status = ResultStatus.Failed, Error = "broken" }));
        var images = ImageRanking.Images(results, "c", "m");

        Assert.Equal(3, images.Count);
        Assert.Null(images.Single(i => i.FileName == "b.png").DeltaPsnr); // +∞ is not an improvement to rank
        Assert.True(images.Single(i => i.FileName == "failed.png").Failed);
        Assert.Equal(["a.png"], ImageRanking.Best(images, RunComparison.Psnr, 5).Select(i => i.FileName));
        Assert.Equal(2, ImageRanking.Best(images, RunComparison.Ssim, 5).Count);
    }

    [Fact]
    public void The_table_order_puts_missing_values_last_in_both_directions()
    {
        var results = Results(("a.png", 20, 22, 0.7, 0.7), ("b.png", 20, 19, 0.7, 0.7), ("c.png", 20, 25, 0.7, 0.7));
        results.Add((new StoredImage { Id = 9, RunId = 1, Category = "c", RelativePath = "c/0-failed.png" },
            new StoredResult { ImageId = 9, Method = "m", Status = ResultStatus.Failed }));
        var images = ImageRanking.Images(results, "c", "m");

        Assert.Equal(["c.png", "a.png", "b.png", "0-failed.png"],
            CategoryImageOrder.Sort(images, CategoryImageOrder.DeltaPsnr, descending: true).Select(i => i.FileName));
        Assert.Equal(["b.png", "a.png", "c.png", "0-failed.png"],
            CategoryImageOrder.Sort(images, CategoryImageOrder.MethodKey(RunComparison.Psnr, "m"), descending: false).Select(i => i.FileName));
        Assert.Equal(["0-failed.png", "a.png", "b.png", "c.png"], CategoryImageOrder.Sort(images, "nonsense", false).Select(i => i.FileName));
        Assert.Equal(["0-failed.png"], CategoryImageOrder.Filter(images, "FAILED").Select(i => i.FileName));
    }

    [Fact]
    public void The_cache_stays_within_its_byte_budget_and_evicts_the_least_recently_used()
    {
        var cache = new ByteLruCache(100);
        cache.Set("a", new byte[40]);
        cache.Set("b", new byte[40]);
        Assert.True(cache.TryGet("a", out _)); // a is now the most recent
        cache.Set("c", new byte[40]);
        Assert.True(cache.SizeBytes <= 100);
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("a", out _));
        Assert.True(cache.TryGet("c", out _));
        cache.Set("huge", new byte[101]);
        Assert.False(cache.TryGet("huge", out _));
        Assert.Equal(80, cache.SizeBytes);
    }

    [Fact]
    public void The_low_resolution_view_repeats_each_pixel_and_maps_keep_the_image_size()
    {
        var lr = new GrayImage(2, 1, [10, 200]);
        var up = Resampling.NearestUpscale(lr, 3);
        Assert.Equal((6, 3), (up.Width, up.Height));
        Assert.Equal([10, 10, 10, 200, 200, 200], up.Row(2).ToArray());

        var reference = new GrayImage(16, 12, Enumerable.Range(0, 16 * 12).Select(i => (byte)(i % 251)).ToArray());
        var shifted = new GrayImage(16, 12, reference.Pixels.Select(p => (byte)Math.Min(255, p + MapRenderer.DifferenceRange)).ToArray());
        var diff = MapRenderer.Difference(reference, shifted);
        Assert.Equal((16, 12, 3), (diff.Width, diff.Height, diff.Channels));
        var top = ColorScale.At(1);
        Assert.Equal([top.B, top.G, top.R], diff.Pixels[..3]); // a difference of the full range: the top colour
        var ssim = MapRenderer.Ssim(reference, reference);
        Assert.Equal(0, ssim.Pixels[3]); // border not covered by a window: transparent
        int centre = ((6 * 16) + 8) * 4;
        Assert.Equal([top.B, top.G, top.R, (byte)255], ssim.Pixels[centre..(centre + 4)]); // identical: SSIM 1
    }

    [Theory]
    [InlineData("Nanowires/a.png", "m", "Nanowires/a__m.png")]
    [InlineData("../../etc/passwd", "m", "etc/passwd__m.png")]
    [InlineData("c/x.y.tif", "rdn", "c/x.y__rdn.png")]
    public void Zip_entry_names_stay_inside_the_archive(string relativePath, string method, string expected) =>
        Assert.Equal(expected, OutputArchive.EntryName(relativePath, method));
}
