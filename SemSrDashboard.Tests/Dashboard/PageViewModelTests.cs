using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Inspection;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Model;

namespace SemSrDashboard.Tests.Dashboard;

/// <summary>The category and image pages' logic without the pages, from a hand-made snapshot: which model a query
/// gives, whether a category exists, the image page's views when the source file is there or gone, which outputs are
/// rendered on demand, previous/next in the category page's order, and the links they build.</summary>
public sealed class PageViewModelTests
{
    // Category a: three images; ΔPSNR (model − bicubic) = +1, +3, −2 dB. Category b: one image. Category c: scanned, no result yet.
    private static readonly (string Category, string File, double? Bicubic, double? Model)[] Files =
    [
        ("a", "a/1.png", 20, 21),
        ("a", "a/2.png", 20, 23),
        ("a", "a/3.png", 20, 18),
        ("b", "b/1.png", 30, 31),
        ("c", "c/1.png", null, null),
    ];

    [Fact]
    public void The_category_page_ranks_its_own_images_and_knows_a_scanned_category_without_results()
    {
        var snapshot = Snapshot("bicubic,lanczos,rdn");
        var a = CategoryViewModel.Build(snapshot, "a", modelQuery: "lanczos");
        Assert.Equal("lanczos", a.Model);
        Assert.Equal(["bicubic", "rdn", "lanczos"], a.Methods);
        Assert.Equal(["rdn"], a.Models);
        Assert.Equal(["a/1.png", "a/2.png", "a/3.png"], a.Images.Select(i => i.Image.RelativePath).Order(StringComparer.Ordinal));
        Assert.Equal([-2.0, 1.0, 3.0], a.Images.Select(i => i.DeltaPsnr!.Value).Order());
        Assert.True(a.Exists);
        Assert.Equal("/runs/7?model=lanczos", a.RunHref);

        var c = CategoryViewModel.Build(snapshot, "c", modelQuery: null);
        Assert.Equal("rdn", c.Model);
        Assert.Empty(c.Images);
        Assert.True(c.Known && c.Exists);
        Assert.False(CategoryViewModel.Build(snapshot, "zzz", null).Exists);
    }

    [Fact]
    public void The_category_page_ranks_the_run_page_s_metric_only_when_the_run_computed_it()
    {
        var a = CategoryViewModel.Build(Snapshot("bicubic,rdn"), "a", null);
        Assert.Equal([MetricIds.Psnr, MetricIds.Ssim, MetricIds.SsimSkimage], a.RankedMetrics(MetricIds.SsimSkimage));
        Assert.Equal([MetricIds.Psnr, MetricIds.Ssim], a.RankedMetrics(MetricIds.Gmsd));
        Assert.Equal([MetricIds.Psnr, MetricIds.Ssim], a.RankedMetrics(MetricIds.Ssim));
        var image = a.Images.First();
        Assert.Equal($"/runs/7/images/{image.Image.Id}?left=bicubic&right=rdn&model=rdn&sort=dpsnr&desc=true", a.ImageHref(image, "dpsnr", true));
        Assert.Equal($"/runs/7/images/{image.Image.Id}?left=bicubic&right=rdn&model=rdn", a.ImageHref(image, "", false));
    }

    [Fact]
    public void With_its_source_the_image_page_offers_every_view_and_marks_outputs_not_kept_as_rendered_on_demand()
    {
        var snapshot = Snapshot("bicubic,lanczos,rdn");
        var view = Build(snapshot, "a/2.png", new ImageDetailQuery(Sort: CategoryImageOrder.DeltaPsnr), sourceExists: true, stored: [])!;
        Assert.Equal(["original", "lr", "bicubic", "lanczos", "rdn"], view.Views.Select(v => v.Value));
        Assert.Equal("LR ×1/4 (nearest)", view.Label("lr"));
        Assert.Equal(("bicubic", "rdn"), (view.Left, view.Right));
        Assert.Equal(["rdn"], view.RenderedOnDemand);
        Assert.Equal("rendered on demand", view.OutputSource("rdn"));
        Assert.Equal("recomputed", view.OutputSource("lanczos"));
        Assert.Equal(3.0, view.Delta("rdn", MetricIds.Psnr)!.Value, 12);
        // Ascending ΔPSNR: a/3 (−2), a/1 (+1), a/2 (+3): a/2 is last.
        Assert.Equal(2, view.Index);
        Assert.Equal(3, view.Order.Count);
        Assert.Null(view.Next);
        Assert.Equal($"/runs/7/images/{Id(snapshot, "a/1.png")}?left=bicubic&right=rdn&model=rdn&sort=dpsnr", view.Previous);
        Assert.Equal("/runs/7/categories/a?model=rdn&sort=dpsnr", view.CategoryHref);
        Assert.Equal($"/runs/7/images/{view.Image.Id}/output/rdn.png", view.Src("rdn"));
        Assert.Equal($"/runs/7/images/{view.Image.Id}/original.png", view.Src("original"));
    }

    [Fact]
    public void Without_its_source_the_image_page_offers_only_stored_outputs_and_ignores_maps()
    {
        var snapshot = Snapshot("bicubic,lanczos,rdn");
        var view = Build(snapshot, "a/1.png", new ImageDetailQuery(Left: "original", Map: ImageVariant.Difference), sourceExists: false, stored: ["rdn"])!;
        Assert.Equal(["rdn"], view.Views.Select(v => v.Value));
        Assert.Equal(("rdn", "rdn"), (view.Left, view.Right));
        Assert.Empty(view.RenderedOnDemand);
        Assert.Equal("stored (as measured)", view.OutputSource("rdn"));
        Assert.Equal(ImageVariant.Difference, view.Map);
        Assert.Equal("", view.MapSuffix("rdn"));
        Assert.Equal($"/runs/7/images/{view.Image.Id}/output/rdn.png", view.Src("rdn")); // no map without the source

        var withSource = Build(snapshot, "a/1.png", new ImageDetailQuery(Map: ImageVariant.Difference), sourceExists: true, stored: ["rdn"])!;
        Assert.Equal($"/runs/7/images/{view.Image.Id}/diff/rdn.png", withSource.Src("rdn"));
        Assert.Equal(" · difference", withSource.MapSuffix("rdn"));
    }

    [Fact]
    public void The_image_page_names_methods_as_model_lists_do()
    {
        var snapshot = Snapshot("bicubic,rdn");
        var view = ImageDetailViewModel.Build(snapshot, Id(snapshot, "a/2.png"), new ImageDetailQuery(), (_, _) => true, (_, _, _) => false,
            id => id == "rdn" ? "base → rdn" : id)!;
        Assert.Equal(["original", "lr", "bicubic", "rdn"], view.Views.Select(v => v.Value));
        Assert.Equal("base → rdn", view.Label("rdn"));
        Assert.Equal("bicubic", view.Label("bicubic"));
        Assert.Equal("rdn", Build(snapshot, "a/2.png", new ImageDetailQuery(), sourceExists: true, stored: [])!.Label("rdn"));
    }

    [Fact]
    public void An_image_the_run_does_not_have_gives_no_view_and_an_image_without_results_has_no_place_in_the_order()
    {
        var snapshot = Snapshot("bicubic,rdn");
        Assert.Null(ImageDetailViewModel.Build(snapshot, 999, new ImageDetailQuery(), (_, _) => true, (_, _, _) => false));
        var pending = Build(snapshot, "c/1.png", new ImageDetailQuery(), sourceExists: true, stored: [])!;
        Assert.Empty(pending.Order);
        Assert.Equal(0, pending.Index);
        Assert.Null(pending.Previous);
        Assert.Empty(pending.Results);
    }

    [Fact]
    public void Links_escape_their_values_and_leave_out_missing_ones()
    {
        Assert.Equal("/runs/3", DashboardUrls.Run(3));
        Assert.Equal("/runs/3?model=a%2Bb%20c", DashboardUrls.Run(3, "a+b c"));
        Assert.Equal("/runs/3/categories/Na%20no%2Fwires?sort=file", DashboardUrls.Category(3, "Na no/wires", ("model", null), ("sort", "file")));
        Assert.Equal("/runs/3/export/outputs.zip?category=x%26y", DashboardUrls.Export(3, "outputs.zip", ("category", "x&y")));
        Assert.Equal("/runs/3/images/4/infobar.png", DashboardUrls.ImagePng(3, 4, "infobar"));
        Assert.Equal("/runs/3/images/4/ssim/m%201.png", DashboardUrls.ImagePng(3, 4, "ssim", "m 1"));
    }

    private static ImageDetailViewModel? Build(RunResultsSnapshot snapshot, string file, ImageDetailQuery query, bool sourceExists, string[] stored) =>
        ImageDetailViewModel.Build(snapshot, Id(snapshot, file), query, (_, _) => sourceExists, (_, _, method) => stored.Contains(method));

    private static int Id(RunResultsSnapshot snapshot, string file) => snapshot.Images.Single(i => i.RelativePath == file).Id;

    /// <summary>Run 7 (×4): every method but the baseline scores the model's PSNR; SSIM is 0.5 for all.</summary>
    private static RunResultsSnapshot Snapshot(string methods)
    {
        var run = new StoredRun
        {
            Id = 7, DataRoot = "/data/demo", Methods = methods, Scale = 4, Protocol = RunSettings.StandardProtocol, InfoBar = "auto",
            Device = Devices.Cpu, Fingerprint = "f", Status = RunStatus.Running, TotalImages = Files.Length,
        };
        var images = Files.Select((f, n) => new StoredImage
        {
            Id = 10 + n, RunId = 7, Category = f.Category, RelativePath = f.File, Width = f.Bicubic is null ? 0 : 64, Height = 64,
        }).ToList();
        long id = 0;
        var results = new List<(StoredImage, StoredResult)>();
        foreach (var (image, file) in images.Zip(Files).Where(p => p.Second.Bicubic is not null))
        {
            foreach (string method in MethodList.Parse(methods))
            {
                results.Add((image, new StoredResult
                {
                    Id = ++id, RunId = 7, ImageId = image.Id, Method = method, Status = ResultStatus.Ok,
                    Psnr = method == MethodIds.Baseline ? file.Bicubic : file.Model, Ssim = 0.5, SsimSkimage = 0.5,
                }));
            }
        }
        return RunResultsSnapshot.Of(run, images, results, version: 1);
    }
}
