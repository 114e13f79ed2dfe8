using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Model;

namespace SemSrDashboard.Tests.Dashboard;

/// <summary>The run page's logic without the page: which model, metric, mode and category a query string gives, the
/// done counts (live while running, stored otherwise) and the headline means, from a hand-made snapshot whose
/// differences are known.</summary>
public sealed class RunDetailViewModelTests
{
    // Two categories, two images each; PSNR of bicubic and of the model per image (dB), SSIM likewise.
    private static readonly (string Category, string File, double BicubicPsnr, double ModelPsnr, double BicubicSsim, double ModelSsim)[] Images =
    [
        ("a", "a/1.png", 20.0, 21.0, 0.50, 0.55),
        ("a", "a/2.png", 22.0, 24.0, 0.60, 0.62),
        ("b", "b/1.png", 30.0, 29.5, 0.80, 0.79),
        ("b", "b/2.png", 31.0, 32.5, 0.85, 0.90),
    ];

    [Fact]
    public void The_query_s_model_is_used_when_the_run_has_it_and_the_first_compared_method_otherwise()
    {
        // Compared methods: models first, then other interpolations.
        var snapshot = Snapshot(RunStatus.Completed, "bicubic,lanczos,rdn");
        Assert.Equal("lanczos", Build(snapshot, new RunDetailQuery(Model: "lanczos")).Model);
        Assert.Equal("rdn", Build(snapshot, new RunDetailQuery(Model: "edsr")).Model);
        Assert.Equal("rdn", Build(snapshot, new RunDetailQuery(Model: MethodIds.Baseline)).Model);
        Assert.Equal(["rdn", "lanczos"], Build(snapshot, new RunDetailQuery()).Compared);
    }

    [Fact]
    public void A_baseline_only_run_has_no_model_and_no_charts()
    {
        var view = Build(Snapshot(RunStatus.Completed, MethodIds.Baseline), new RunDetailQuery(Model: "rdn"));
        Assert.Null(view.Model);
        Assert.Equal(0, view.PairCount);
        Assert.Empty(view.Rows);
    }

    [Fact]
    public void A_metric_the_run_did_not_compute_falls_back_to_PSNR_and_alpha_outside_0_1_to_the_default()
    {
        var snapshot = Snapshot(RunStatus.Completed, "bicubic,rdn");
        var view = Build(snapshot, new RunDetailQuery(Metric: MetricIds.Gmsd, Alpha: 1.5));
        Assert.Equal(MetricIds.Psnr, view.Metric);
        Assert.Equal(RunDetailViewModel.DefaultAlpha, view.Alpha);
        Assert.Null(view.ExtraHistogram);
        var ssim = Build(snapshot, new RunDetailQuery(Metric: MetricIds.Ssim, Alpha: 0.01));
        Assert.Equal(MetricIds.Ssim, ssim.Metric);
        Assert.Equal(0.01, ssim.Alpha);
    }

    [Fact]
    public void The_headline_means_are_the_mean_per_image_differences()
    {
        var view = Build(Snapshot(RunStatus.Completed, "bicubic,rdn"), new RunDetailQuery());
        // Hand-computed: ΔPSNR = 1, 2, −0.5, 1.5 → mean 1.0; ΔSSIM = 0.05, 0.02, −0.01, 0.05 → mean 0.0275.
        Assert.Equal(1.0, view.PsnrAll!.DiffMean, 12);
        Assert.Equal(0.0275, view.SsimAll!.DiffMean, 12);
        Assert.Equal(4, view.PsnrAll.N);
        Assert.Equal(4, view.PairCount);
        Assert.Equal(["a", "b"], view.Categories);
        Assert.Equal(4, view.Images.Count);
    }

    [Fact]
    public void Done_counts_come_from_live_progress_while_running_and_from_the_stored_results_otherwise()
    {
        var running = Snapshot(RunStatus.Running, "bicubic,rdn");
        var live = new RunProgress(running.Run.Id, RunStatus.Running, 4, 3, 1, 0.5, null, null, null, []);
        var liveView = Build(running, new RunDetailQuery(), live);
        Assert.Equal((3, 1), (liveView.Done, liveView.Failed));
        Assert.True(liveView.IsLive);
        Assert.True(liveView.Completeness.IsProvisional);

        var paused = Snapshot(RunStatus.Paused, "bicubic,rdn");
        var pausedView = Build(paused, new RunDetailQuery(), live);
        Assert.Equal((4, 0), (pausedView.Done, pausedView.Failed));
        Assert.False(pausedView.IsLive);
    }

    [Fact]
    public void The_category_is_kept_in_the_query_only_in_one_category_mode_and_links_name_the_compared_model()
    {
        var snapshot = Snapshot(RunStatus.Completed, "bicubic,rdn");
        var overall = Build(snapshot, new RunDetailQuery(Category: "b"));
        Assert.Contains(("category", (string?)null), overall.QueryWith());
        Assert.Contains(("category", (string?)"b"), overall.QueryWith(histogram: HistogramMode.Category));
        var one = Build(snapshot, new RunDetailQuery(Histogram: "category", Category: "b"));
        Assert.Equal(HistogramMode.Category, one.Mode);
        Assert.Equal("b", one.Category);
        Assert.Equal("a", Build(snapshot, new RunDetailQuery(Histogram: "category", Category: "zzz")).Category);

        var image = one.Images.First(i => i.Image.RelativePath == "b/1.png");
        Assert.Equal($"/runs/7/images/{image.Image.Id}?left=bicubic&right=rdn&model=rdn", one.ImageHref(image));
    }

    private static RunDetailViewModel Build(RunResultsSnapshot snapshot, RunDetailQuery query, RunProgress? live = null) =>
        RunDetailViewModel.Build(snapshot, live, query);

    /// <summary>Run 7 with every image evaluated by every method; methods after the first two reuse the model's
    /// numbers.</summary>
    private static RunResultsSnapshot Snapshot(string status, string methods)
    {
        var run = new StoredRun
        {
            Id = 7, DataRoot = "/data/demo", Methods = methods, Scale = 4, Protocol = RunSettings.StandardProtocol, InfoBar = "auto",
            Device = Devices.Cpu, Fingerprint = "f", Status = status, TotalImages = Images.Length,
        };
        var images = Images.Select((i, n) => new StoredImage
        {
            Id = n + 1, RunId = 7, Category = i.Category, RelativePath = i.File, Width = 64, Height = 64,
        }).ToList();
        long id = 0;
        var results = new List<(StoredImage, StoredResult)>();
        foreach (var (image, values) in images.Zip(Images))
        {
            foreach (string method in MethodList.Parse(methods))
            {
                bool baseline = method == MethodIds.Baseline;
                results.Add((image, new StoredResult
                {
                    Id = ++id, RunId = 7, ImageId = image.Id, Method = method, Status = ResultStatus.Ok,
                    Psnr = baseline ? values.BicubicPsnr : values.ModelPsnr, Ssim = baseline ? values.BicubicSsim : values.ModelSsim,
                    SsimSkimage = baseline ? values.BicubicSsim : values.ModelSsim,
                }));
            }
        }
        return RunResultsSnapshot.Of(run, images, results, version: 1);
    }
}
