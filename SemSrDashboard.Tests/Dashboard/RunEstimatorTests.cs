using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Tests.Dashboard;

/// <summary>The dashboard's estimate is the <c>bench</c> verb's quick mode on one image: these tests compare what
/// both project, never how long anything took.</summary>
public sealed class RunEstimatorTests : IDisposable
{
    private const double Nanowire = 256 * 256 / 1e6, Patterned = 448 * 358 / 1e6; // demo image sizes, in megapixels

    private readonly string _work = Directory.CreateTempSubdirectory("semsr-estimate-test-").FullName;

    [Fact]
    public async Task Estimate_and_bench_quick_mode_project_the_same_run_from_the_same_sample()
    {
        string data = CopyDemo(["Nanowires", "Patterned_surface"]);
        var settings = new RunSettings(data, ["bicubic", SerialModelCatalog.Model], LimitPerCategory: 1);
        var catalog = new SerialModelCatalog();

        var estimate = await RunEstimator.EstimateAsync(settings, catalog, workers: 3);
        var report = await PipelineBenchmark.MeasureAsync(settings, catalog, sampleImages: 1, quick: true, workers: 3);

        Assert.Equal(report.SampleImage, estimate.SampleImage);
        Assert.Equal(Untimed(report.Projection), Untimed(estimate.Projection));
        // One image per category (the first by path, a nanowire one, is timed), 3 workers, stage times only.
        Assert.Equal(2, estimate.Projection.Images);
        Assert.Equal(3, estimate.Projection.Workers);
        Assert.Equal(Nanowire, estimate.Projection.SampleMegapixels, 12);
        Assert.Equal(Nanowire + Patterned, estimate.Projection.Megapixels, 12);
        Assert.StartsWith("Nanowires", estimate.SampleImage, StringComparison.Ordinal);
        // The model's calls are serialised, so its time is the serial part in both.
        Assert.True(estimate.Projection.SerialSeconds > 0);
        Assert.True(report.Projection.SerialSeconds > 0);
        Assert.Contains(SerialModelCatalog.Model, report.ModelSecondsPerImage.Keys);
        // The fields the dialog shows are the projection's.
        Assert.Equal(estimate.Projection.Total, estimate.Total);
        Assert.True(estimate.Projection.SetupSeconds > 0); // opening the methods, paid once
        Assert.Equal(TimeSpan.FromSeconds(estimate.Projection.SerialSeconds + estimate.Projection.ParallelSeconds), estimate.PerImage);
        Assert.Equal(3, estimate.Workers);
        Assert.Equal(2, estimate.Images);
    }

    [Fact]
    public async Task A_seed_protocol_run_is_timed_with_the_seed_pipeline_and_its_model_time_is_serial()
    {
        string data = CopyDemo(["Nanowires"]);
        var seed = new RunSettings(data, ["bicubic", "rdn-slim-x4"], Protocol: RunSettings.SeedProtocol, LimitPerCategory: 1);

        var estimate = await RunEstimator.EstimateAsync(seed, new ModelMethodCatalog([RepositoryPaths.Models]), workers: 2);

        Assert.False(estimate.SampleFailed);
        Assert.True(estimate.Projection.SerialSeconds > 0); // the model's calls are serialised
        Assert.True(estimate.Projection.ParallelSeconds > 0);

        // A method without RGB float output fails under the seed protocol, in the estimate as in the run: proof that
        // the seed pipeline, not the standard one, was timed.
        var unsupported = seed with { Methods = ["bicubic", SerialModelCatalog.Model] };
        Assert.True((await RunEstimator.EstimateAsync(unsupported, new SerialModelCatalog(), workers: 2)).SampleFailed);
        Assert.False((await RunEstimator.EstimateAsync(unsupported with { Protocol = RunSettings.StandardProtocol },
            new SerialModelCatalog(), workers: 2)).SampleFailed);
    }

    [Fact]
    public async Task Scales_to_the_images_of_the_run_with_the_run_executors_workers_by_default()
    {
        string demo = RepositoryPaths.DemoData;
        var estimate = await RunEstimator.EstimateAsync(new RunSettings(demo, ["bicubic", "bilinear"]), new MethodCatalog());

        Assert.Equal(Directory.GetFiles(demo, "*.png", SearchOption.AllDirectories).Length, estimate.Images);
        Assert.Equal(RunExecutor.DefaultWorkers, estimate.Workers);
        Assert.False(estimate.SampleFailed);
        Assert.True(estimate.PerImage > TimeSpan.Zero);
        Assert.Equal(0, estimate.Projection.SerialSeconds); // interpolations are thread-safe
        // Six 256 × 256 images, two 448 × 358 and one 448 × 367.
        Assert.Equal(6 * Nanowire + 2 * Patterned + 448 * 367 / 1e6, estimate.Projection.Megapixels, 12);
    }

    [Fact]
    public async Task Respects_the_per_category_limit_and_refuses_bad_settings()
    {
        string demo = RepositoryPaths.DemoData;
        var limited = await RunEstimator.EstimateAsync(new RunSettings(demo, ["bicubic"], LimitPerCategory: 1), new MethodCatalog());
        Assert.Equal(Directory.GetDirectories(demo).Length, limited.Images);
        await Assert.ThrowsAsync<InvalidRunSettingsException>(() => RunEstimator.EstimateAsync(new RunSettings(demo, ["nope"]), new MethodCatalog()));
    }

    [Fact]
    public async Task A_sample_image_that_fails_is_reported()
    {
        string data = Path.Combine(_work, "broken");
        Directory.CreateDirectory(Path.Combine(data, "a"));
        File.WriteAllText(Path.Combine(data, "a", "not-an-image.png"), "not an image");

        var estimate = await RunEstimator.EstimateAsync(new RunSettings(data, ["bicubic"]), new MethodCatalog(), workers: 2);

        Assert.True(estimate.SampleFailed);
        Assert.Equal(1, estimate.Images);
    }

    private static RunProjection Untimed(RunProjection projection) => projection with { SerialSeconds = 0, ParallelSeconds = 0, SetupSeconds = 0 };

    private string CopyDemo(string[] categories) => RepositoryPaths.CopyDemoCategories(_work, categories);

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>Interpolations plus a stand-in model: bicubic behind a method that is not thread-safe.</summary>
    private sealed class SerialModelCatalog : MethodCatalog
    {
        public const string Model = "serial-model";

        public override IReadOnlyList<string> Ids => [.. base.Ids, Model];

        public override IUpsampler Create(string id, RunSettings settings) =>
            id == Model ? new SerialModel(base.Create(MethodIds.Baseline, settings)) : base.Create(id, settings);
    }

    private sealed class SerialModel(IUpsampler inner) : IUpsampler
    {
        public string Id => SerialModelCatalog.Model;
        public bool IsInterpolation => false;
        public bool IsThreadSafe => false;
        public GrayImage Upsample(GrayImage lowResolution, int scale) => inner.Upsample(lowResolution, scale);
        public void Dispose() => inner.Dispose();
    }
}
