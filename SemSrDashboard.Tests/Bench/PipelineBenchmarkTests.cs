using SemSrDashboard.Cli;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Evaluation;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Scanning;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Tests.Bench;

public sealed class PipelineBenchmarkTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("semsr-bench-test-").FullName;

    [Fact]
    public async Task Reports_every_stage_once_per_sample_image_and_projects_the_folder()
    {
        string data = CopyDemo(["Nanowires", "Patterned_surface"]);
        int folderImages = DatasetScanner.Scan(data).Images.Count;

        var report = await PipelineBenchmark.MeasureAsync(new RunSettings(data, ["bicubic", "bilinear"]), new MethodCatalog(), sampleImages: 2,
            workers: 3);

        Assert.Equal(2, report.SampleImages);
        var stages = report.Stages.ToDictionary(s => s.Stage, s => s.Count);
        Assert.Equal(2, stages[StageTimings.Decode]);
        Assert.Equal(2, stages[StageTimings.InfoBar]);
        Assert.Equal(2, stages[StageTimings.Degrade]);
        Assert.Equal(2, stages["bicubic"]);
        Assert.Equal(2, stages["bilinear"]);
        Assert.Equal(4, stages[StageTimings.Metrics]);
        Assert.Equal(2, stages[StageTimings.Database]);
        Assert.Empty(report.ModelSecondsPerImage); // interpolations only: no bare-model figure
        Assert.Null(report.PipelineToModelRatio);
        Assert.True(report.PipelineImagesPerSecond > 0);
        // Without a limit the run is the whole folder; the measured pipeline drives the projection.
        Assert.Equal(folderImages, report.Projection.Images);
        Assert.Equal(3, report.Projection.Workers);
        // The stage times drive the projection; the pipeline's throughput on the sample is reported beside it.
        Assert.Equal(report.Projection.SerialSeconds + report.Projection.ParallelSeconds / 3, report.Projection.SecondsPerSampleImage, 12);
        Assert.True(report.Projection.Total > TimeSpan.Zero);
        Assert.True(report.PeakWorkingSetBytes > 0);
        string text = BenchCommand.Format(report);
        Assert.Contains("pipeline:", text);
        Assert.Contains($"run: {folderImages} images", text);
        Assert.Contains("3 workers", text);
        Assert.Contains("from the stage times", text);
        Assert.Contains("setup (opening the methods, once per run): ", text);
    }

    [Fact]
    public async Task Quick_mode_projects_the_limited_run_from_stage_times_with_the_given_workers()
    {
        string data = CopyDemo(["Nanowires", "Patterned_surface"]);

        var report = await PipelineBenchmark.MeasureAsync(new RunSettings(data, ["bicubic"], LimitPerCategory: 1), new MethodCatalog(),
            sampleImages: 5, quick: true, workers: 4);

        // The sample comes from the run's subset: one image per category, so two although five were asked for.
        Assert.Equal(2, report.SampleImages);
        Assert.Null(report.PipelineImagesPerSecond);
        Assert.Equal(2, report.Projection.Images);
        Assert.Equal(4, report.Projection.Workers);
        Assert.Equal(0, report.Projection.SerialSeconds);
        Assert.True(report.Projection.ParallelSeconds > 0);
        // Headers: one 256 × 256 nanowire image and one 448 × 358 patterned-surface image, both in the sample too.
        Assert.Equal((256 * 256 + 448 * 358) / 1e6, report.Projection.Megapixels, 12);
        Assert.Equal(report.SampleMegapixels / 2, report.Projection.SampleMegapixels, 12);
        Assert.Contains("from the stage times", BenchCommand.Format(report));
        Assert.Contains("4 workers", BenchCommand.Format(report));
    }

    [Fact]
    public void Folder_megapixels_come_from_the_file_headers()
    {
        string data = CopyDemo(["Patterned_surface"]);
        var images = DatasetScanner.Scan(data).Images;

        double megapixels = PipelineBenchmark.FolderMegapixels(images, fallbackMegapixels: 99);

        // The two FEBID demo crops are 448 × 358 pixels each.
        Assert.Equal(2 * 448 * 358 / 1e6, megapixels, 1e-12);
    }

    private string CopyDemo(string[] categories) => RepositoryPaths.CopyDemoCategories(_work, categories);

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
