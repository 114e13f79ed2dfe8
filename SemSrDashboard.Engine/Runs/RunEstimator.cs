using System.Diagnostics;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Engine.Runs;

/// <summary>How long a run is expected to take, from timing its methods on one image of its folder.</summary>
/// <param name="Images">Images the run would evaluate (after the per-category limit).</param>
/// <param name="SampleImage">The image that was timed (relative path).</param>
/// <param name="PerImage">Wall time of the whole pipeline on the sample image, one worker.</param>
/// <param name="Total">Expected duration of the run with <paramref name="Workers"/> workers.</param>
/// <param name="SampleFailed">The sample image could not be evaluated (the estimate is then a lower bound).</param>
public sealed record RunEstimate(int Images, string SampleImage, TimeSpan PerImage, TimeSpan Total, int Workers, bool SampleFailed);

/// <summary>Estimates a run's duration before it starts: the chosen methods run on the first image of the folder
/// (once to warm up, then timed), and the time is scaled to the number of images. Work in thread-safe methods is
/// spread over the workers; time in methods that serialise their calls (models) is not.</summary>
public static class RunEstimator
{
    /// <exception cref="InvalidRunSettingsException">Bad settings or a folder without images.</exception>
    public static RunEstimate Estimate(RunSettings requested, MethodCatalog methods, int? workers = null, CancellationToken cancellation = default)
    {
        var settings = RunSettingsValidator.Validate(requested, methods);
        var scan = RunPlanner.ScanWithImages(settings.DataRoot);
        var chosen = RunPlanner.ChooseSubset(scan.Images, settings.LimitPerCategory);
        int workerCount = Math.Max(1, workers ?? Math.Max(2, Environment.ProcessorCount));
        var sample = chosen[0];

        var upsamplers = new List<IUpsampler>();
        try
        {
            foreach (string id in settings.Methods)
                upsamplers.Add(methods.Create(id, settings));
            var evaluator = new ImageEvaluator(settings, upsamplers);
            var ids = settings.Methods.ToHashSet(StringComparer.Ordinal);

            var clock = Stopwatch.StartNew();
            var evaluation = evaluator.Evaluate(NewImage(sample.Category, sample.RelativePath), ids, cancellation);
            var elapsed = clock.Elapsed;
            if (!evaluation.Failed && elapsed < TimeSpan.FromSeconds(20))
            {
                // The first call includes one-off costs (JIT, model sessions); time a second one.
                clock.Restart();
                evaluation = evaluator.Evaluate(NewImage(sample.Category, sample.RelativePath), ids, cancellation);
                elapsed = clock.Elapsed;
            }

            var serialIds = upsamplers.Where(u => !u.IsThreadSafe).Select(u => u.Id).ToHashSet(StringComparer.Ordinal);
            double serialMs = evaluation.Results.Where(r => serialIds.Contains(r.Method)).Sum(r => r.Milliseconds ?? 0);
            double totalMs = elapsed.TotalMilliseconds;
            double parallelMs = Math.Max(0, totalMs - serialMs);
            double runMs = chosen.Count * (serialMs + parallelMs / workerCount);
            return new RunEstimate(chosen.Count, sample.RelativePath, elapsed, TimeSpan.FromMilliseconds(runMs), workerCount,
                evaluation.Failed);
        }
        finally
        {
            foreach (var upsampler in upsamplers)
                upsampler.Dispose();
        }
    }

    private static ImageRecord NewImage(string category, string relativePath) => new() { Category = category, RelativePath = relativePath };
}
