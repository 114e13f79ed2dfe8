using SemSrDashboard.Cli;
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

        var report = await PipelineBenchmark.MeasureAsync(new RunSettings(data, ["bicubic", "bilinear"]), new MethodCatalog(), sampleImages: 2);

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
        Assert.Equal(folderImages, report.FolderImages);
        Assert.True(report.ProjectedFolderTime > TimeSpan.Zero);
        Assert.True(report.PeakWorkingSetBytes > 0);
        Assert.Contains("pipeline:", BenchCommand.Format(report));
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

    private string CopyDemo(string[] categories)
    {
        string root = Path.Combine(_work, "data");
        foreach (string category in categories)
            RepositoryPaths.CopyDemoCategory(category, root);
        return root;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
