using System.Diagnostics;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Scanning;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Engine.Runs;

/// <summary>What the <c>bench</c> verb measured on a sample of a folder.</summary>
/// <param name="Stages">Mean seconds per call of each stage, measured one image at a time.</param>
/// <param name="ModelSecondsPerImage">Bare model time per sample image, per model (upsampling only).</param>
/// <param name="PipelineImagesPerSecond">Throughput of the real run executor on the sample (null in quick mode).</param>
/// <param name="BareModelImagesPerSecond">1 / (sum of the models' seconds per image): the limit set by the networks.</param>
/// <param name="ProjectedFolderTime">The whole folder at the measured seconds per megapixel.</param>
public sealed record BenchmarkReport(
    int SampleImages,
    double SampleMegapixels,
    IReadOnlyList<(string Stage, int Count, double MeanSeconds)> Stages,
    IReadOnlyDictionary<string, double> ModelSecondsPerImage,
    double? PipelineImagesPerSecond,
    double? BareModelImagesPerSecond,
    long PeakWorkingSetBytes,
    int FolderImages,
    double FolderMegapixels,
    TimeSpan ProjectedFolderTime,
    string? Provider)
{
    /// <summary>Pipeline throughput as a fraction of the bare models' (goal ≥ 0.95); null without a model.</summary>
    public double? PipelineToModelRatio => PipelineImagesPerSecond / BareModelImagesPerSecond;
}

/// <summary>Measures a run's cost on a sample of its folder and projects the whole folder: per-stage times, bare
/// model throughput against the pipeline's, peak memory. The dashboard's run estimate uses the quick mode (stage
/// times on one image, no pipeline run).</summary>
public static class PipelineBenchmark
{
    public static async Task<BenchmarkReport> MeasureAsync(RunSettings requested, MethodCatalog methods, int sampleImages,
        bool quick = false, CancellationToken cancellation = default)
    {
        var settings = RunSettingsValidator.Validate(requested, methods);
        var scan = RunPlanner.ScanWithImages(settings.DataRoot);
        int categories = scan.Images.Select(i => i.Category).Distinct().Count();
        var sample = RunPlanner.ChooseSubset(scan.Images, Math.Max(1, (sampleImages + categories - 1) / categories))
            .Take(Math.Max(1, sampleImages)).ToList();

        string scratch = Directory.CreateTempSubdirectory("semsr-bench-").FullName;
        try
        {
            var store = new ResultStore(EvaluationDatabase.Open(Path.Combine(scratch, "bench.db")));
            var timings = new StageTimings();
            var modelSeconds = new Dictionary<string, double>(StringComparer.Ordinal);
            string? provider;
            var upsamplers = settings.Methods.Select(id => methods.Create(id, settings)).ToList();
            try
            {
                provider = upsamplers.OfType<IReportsProvider>().Select(p => p.Provider).FirstOrDefault();
                var stageRun = store.CreateRun(settings, sample, 0, provenance: null);
                var images = store.Images(stageRun.Id);
                var all = settings.Methods.ToHashSet(StringComparer.Ordinal);

                // Warm-up (JIT, model session initialisation) is not measured.
                new ImageEvaluator(settings, upsamplers).Evaluate(images[0], all, cancellation);

                var evaluator = new ImageEvaluator(settings, upsamplers, timings: timings);
                var untimed = new ImageEvaluator(settings, upsamplers);
                var prepared = new List<PreparedImage>();
                foreach (var image in images)
                {
                    var evaluation = evaluator.Evaluate(image, all, cancellation);
                    var clock = Stopwatch.StartNew();
                    store.SaveImage(evaluation.Image, evaluation.Results);
                    timings.Add(StageTimings.Database, clock.Elapsed);
                    if (!evaluation.Failed)
                        prepared.Add(untimed.Prepare(new ImageRecord { Category = image.Category, RelativePath = image.RelativePath },
                            Path.Combine(settings.DataRoot, image.RelativePath)));
                }

                foreach (var model in upsamplers.Where(u => !u.IsInterpolation && prepared.Count > 0))
                {
                    var clock = Stopwatch.StartNew();
                    foreach (var image in prepared)
                        model.Upsample(image.LowResolution, settings.Scale);
                    modelSeconds[model.Id] = clock.Elapsed.TotalSeconds / prepared.Count;
                }
            }
            finally
            {
                upsamplers.ForEach(u => u.Dispose());
            }

            double sampleMegapixels = store.Images(store.ListRuns().Last().Id).Sum(i => (double)i.SourceWidth * i.SourceHeight) / 1e6;
            double? pipeline = null;
            double secondsPerImage = timings.Summary().Sum(s => s.MeanSeconds * s.Count) / sample.Count;
            if (!quick)
            {
                var pipelineRun = store.CreateRun(settings, sample, 0, provenance: null);
                // Steady state: from the first stored image to the last, so opening the model session and its first,
                // slower inference (left out of the bare-model figure too) do not count.
                var clock = Stopwatch.StartNew();
                TimeSpan? first = null, last = null;
                int firstDone = 0, lastDone = 0;
                await new RunExecutor(store, methods).ExecuteAsync(pipelineRun.Id, "bench", progress =>
                {
                    if (progress.Done == lastDone)
                        return;
                    if (first is null) { first = clock.Elapsed; firstDone = progress.Done; }
                    last = clock.Elapsed;
                    lastDone = progress.Done;
                }, cancellation: cancellation);
                double steadySeconds = (last - first)?.TotalSeconds ?? 0;
                secondsPerImage = lastDone > firstDone && steadySeconds > 0
                    ? steadySeconds / (lastDone - firstDone)
                    : clock.Elapsed.TotalSeconds / sample.Count;
                pipeline = 1 / secondsPerImage;
            }

            double folderMegapixels = FolderMegapixels(scan.Images, sampleMegapixels / sample.Count);
            double secondsPerMegapixel = sampleMegapixels > 0 ? secondsPerImage * sample.Count / sampleMegapixels : 0;
            double? bare = modelSeconds.Count > 0 ? 1 / modelSeconds.Values.Sum() : null;
            return new BenchmarkReport(sample.Count, sampleMegapixels, timings.Summary(), modelSeconds, pipeline, bare,
                Process.GetCurrentProcess().PeakWorkingSet64, scan.Images.Count, folderMegapixels,
                TimeSpan.FromSeconds(folderMegapixels * secondsPerMegapixel), provider);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Sum of every image's pixels, read from file headers (a file that cannot be read or whose header is
    /// not understood counts as <paramref name="fallbackMegapixels"/>).</summary>
    public static double FolderMegapixels(IEnumerable<ScannedImage> images, double fallbackMegapixels) =>
        images.Sum(i => HeaderMegapixels(i.FullPath) ?? fallbackMegapixels);

    /// <summary>The file's pixels in millions from its header only; null when it cannot be read or understood.</summary>
    public static double? HeaderMegapixels(string path)
    {
        try
        {
            return ImageHeader.ReadSize(path) is var (w, h) ? w * (double)h / 1e6 : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
