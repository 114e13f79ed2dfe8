using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Evaluation;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Scanning;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Engine.Runs;

/// <summary>What the <c>bench</c> verb measured on a sample of a run's images, and the run's projected duration.</summary>
/// <param name="SampleImage">The first sample image (relative path).</param>
/// <param name="SampleFailed">A sample image could not be evaluated, so its time is a lower bound.</param>
/// <param name="SampleMegapixels">Megapixels of the whole sample.</param>
/// <param name="Stages">Mean seconds per call of each stage, measured one image at a time after a warm-up.</param>
/// <param name="ModelSecondsPerImage">Bare model time per sample image, per model (upsampling only); in quick mode
/// the model's stage time, so that no extra model call is made.</param>
/// <param name="PipelineImagesPerSecond">Throughput of the real run executor on the sample (null in quick mode).</param>
/// <param name="BareModelImagesPerSecond">1 / (sum of the models' seconds per image): the limit set by the networks.</param>
/// <param name="Projection">The run's duration: from the pipeline throughput when measured, else from the stage
/// times (see <see cref="RunProjection"/>).</param>
public sealed record BenchmarkReport(
    int SampleImages,
    string SampleImage,
    bool SampleFailed,
    double SampleMegapixels,
    IReadOnlyList<(string Stage, int Count, double MeanSeconds)> Stages,
    IReadOnlyDictionary<string, double> ModelSecondsPerImage,
    double? PipelineImagesPerSecond,
    double? BareModelImagesPerSecond,
    long PeakWorkingSetBytes,
    RunProjection Projection,
    string? Provider)
{
    /// <summary>Pipeline throughput as a fraction of the bare models' (goal ≥ 0.95); null without a model.</summary>
    public double? PipelineToModelRatio => PipelineImagesPerSecond / BareModelImagesPerSecond;
}

/// <summary>Measures a run's cost on a sample of its images and projects the run: per-stage times, bare model
/// throughput against the pipeline's, peak memory. The dashboard's run estimate is the quick mode on one image
/// (stage times only, no pipeline run) through <see cref="RunEstimator"/>.</summary>
public static class PipelineBenchmark
{
    /// <param name="sampleImages">Images to measure, spread over the categories of the run's subset.</param>
    /// <param name="quick">Stage times only: no bare-model pass and no pipeline run.</param>
    /// <param name="workers">Workers of the run (default <see cref="RunExecutor.DefaultWorkers"/>): those of the
    /// measured pipeline, and those the stage times are spread over.</param>
    /// <exception cref="InvalidRunSettingsException">Bad settings or a folder without images.</exception>
    public static async Task<BenchmarkReport> MeasureAsync(RunSettings requested, MethodCatalog methods, int sampleImages,
        bool quick = false, int? workers = null, CancellationToken cancellation = default)
    {
        var settings = RunSettingsValidator.Validate(requested, methods);
        var scan = RunPlanner.ScanWithImages(settings.DataRoot);
        var runImages = RunPlanner.InShard(RunPlanner.Select(scan, settings), settings.Shard);
        int workerCount = Math.Max(1, workers ?? RunExecutor.DefaultWorkers);
        int categories = runImages.Select(i => i.Category).Distinct().Count();
        var sample = RunPlanner.ChooseSubset(runImages, Math.Max(1, (sampleImages + categories - 1) / categories))
            .Take(Math.Max(1, sampleImages)).ToList();

        string scratch = Directory.CreateTempSubdirectory("semsr-bench-").FullName;
        EvaluationDatabase? database = null;
        try
        {
            database = EvaluationDatabase.Open(Path.Combine(scratch, "bench.db"));
            var store = new ResultStore(database);
            var timings = new StageTimings();
            var modelSeconds = new Dictionary<string, double>(StringComparer.Ordinal);
            string? provider;
            double wallSeconds = 0, serialSeconds = 0, sampleMegapixels = 0;
            bool failed = false;
            HashSet<string> serialIds;
            // Timed: a run opens its methods once (model sessions), a cost its size does not change.
            var opening = Stopwatch.StartNew();
            var upsamplers = settings.Methods.Select(id => methods.Create(id, settings)).ToList();
            double setupSeconds = opening.Elapsed.TotalSeconds;
            try
            {
                provider = upsamplers.OfType<IReportsProvider>().Select(p => p.Provider).FirstOrDefault();
                serialIds = upsamplers.Where(u => !u.IsThreadSafe).Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
                var stageRun = store.CreateRun(settings, sample, 0, provenance: null);
                var images = store.Images(stageRun.Id);
                var all = settings.Methods.ToHashSet(StringComparer.Ordinal);

                // The run's own evaluator (its protocol, its stored outputs), so that what is timed is what a run does;
                // the standard protocol's evaluator also times each stage. Warm-up (JIT, model sessions) is not measured.
                var evaluator = IImageEvaluator.For(settings, upsamplers, OutputStore.For(database), timings);
                // The warm-up stores its results too, into a run of its own: the database's first write (EF Core's
                // first SaveChanges, the file growing) took about 0.2 s, a fifth of a five-image sample's time otherwise.
                var warmUpRun = store.CreateRun(settings, sample.Take(1).ToList(), 0, provenance: null);
                var warmUp = IImageEvaluator.For(settings, upsamplers).Evaluate(store.Images(warmUpRun.Id)[0], all, cancellation);
                store.SaveImage(warmUp.Image, warmUp.Results);
                var methodSeconds = settings.Methods.ToDictionary(id => id, _ => 0.0, StringComparer.Ordinal);

                var untimed = new ImageEvaluator(settings, upsamplers);
                var prepared = new List<PreparedImage>();
                foreach (var image in images)
                {
                    // Wall time, not the sum of the stages, so that what lies between them counts too.
                    var clock = Stopwatch.StartNew();
                    var evaluation = evaluator.Evaluate(image, all, cancellation);
                    var saving = Stopwatch.StartNew();
                    store.SaveImage(evaluation.Image, evaluation.Results);
                    timings.Add(StageTimings.Database, saving.Elapsed);
                    wallSeconds += clock.Elapsed.TotalSeconds;
                    foreach (var result in evaluation.Results)
                        methodSeconds[result.Method] += (result.Milliseconds ?? 0) / 1000;
                    failed |= evaluation.Failed;
                    string fullPath = Path.Combine(settings.DataRoot, image.RelativePath);
                    // From the header, as for the run's images; the decoded size when the header is not understood.
                    sampleMegapixels += HeaderMegapixels(fullPath) ?? evaluation.Image.SourceWidth * (double)evaluation.Image.SourceHeight / 1e6;
                    if (!evaluation.Failed && !quick)
                        prepared.Add(untimed.Prepare(image, fullPath));
                }

                serialSeconds = serialIds.Sum(id => methodSeconds[id]) / images.Count;
                if (quick)
                {
                    // The models were already timed one image at a time: no second call, the estimate stays cheap.
                    foreach (var model in upsamplers.Where(u => !u.IsInterpolation))
                        modelSeconds[model.Id] = methodSeconds[model.Id] / images.Count;
                }
                else
                {
                    foreach (var model in upsamplers.Where(u => !u.IsInterpolation && prepared.Count > 0))
                    {
                        var clock = Stopwatch.StartNew();
                        foreach (var image in prepared)
                            model.Upsample(image.LowResolution, settings.Scale);
                        modelSeconds[model.Id] = clock.Elapsed.TotalSeconds / prepared.Count;
                    }
                }
            }
            finally
            {
                upsamplers.ForEach(u => u.Dispose());
            }

            var stages = timings.Summary();
            double parallelSeconds = Math.Max(0, wallSeconds / sample.Count - serialSeconds);
            double? pipelineSeconds = quick ? null : await PipelineSecondsPerImageAsync(store, methods, settings, sample, workerCount, cancellation);

            double megapixelsPerImage = sampleMegapixels / sample.Count;
            var projection = new RunProjection(serialSeconds, parallelSeconds, megapixelsPerImage, workerCount, runImages.Count,
                FolderMegapixels(runImages, megapixelsPerImage), setupSeconds);
            double? bare = modelSeconds.Count > 0 ? 1 / modelSeconds.Values.Sum() : null;
            return new BenchmarkReport(sample.Count, sample[0].RelativePath, failed, sampleMegapixels, stages, modelSeconds,
                1 / pipelineSeconds, bare, Process.GetCurrentProcess().PeakWorkingSet64, projection, provider);
        }
        finally
        {
            // Only the scratch database's pool: in the dashboard, its own database's pooled connections stay open.
            if (database is not null)
            {
                using var context = database.CreateContext();
                using var connection = new SqliteConnection(context.Database.GetConnectionString());
                SqliteConnection.ClearPool(connection);
            }
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Runs the sample through the real run executor and returns its steady-state seconds per image.</summary>
    private static async Task<double> PipelineSecondsPerImageAsync(ResultStore store, MethodCatalog methods, RunSettings settings,
        IReadOnlyList<ScannedImage> sample, int workers, CancellationToken cancellation)
    {
        var pipelineRun = store.CreateRun(settings, sample, 0, provenance: null);
        // Steady state: from the first stored image to the last, so opening the model session and its first,
        // slower inference (left out of the bare-model figure too) do not count.
        var clock = Stopwatch.StartNew();
        TimeSpan? first = null, last = null;
        int firstDone = 0, lastDone = 0;
        await new RunExecutor(store, methods) { Workers = workers }.ExecuteAsync(pipelineRun.Id, "bench", progress =>
        {
            if (progress.Done == lastDone)
                return;
            if (first is null) { first = clock.Elapsed; firstDone = progress.Done; }
            last = clock.Elapsed;
            lastDone = progress.Done;
        }, cancellation: cancellation);
        double steadySeconds = (last - first)?.TotalSeconds ?? 0;
        return lastDone > firstDone && steadySeconds > 0
            ? steadySeconds / (lastDone - firstDone)
            : clock.Elapsed.TotalSeconds / sample.Count;
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
