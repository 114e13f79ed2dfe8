using System.Diagnostics;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Engine.Evaluation;

/// <summary>Runs the pipeline on one image: load → remove info bar → crop to the scale → degrade → upsample with
/// each method → measure (the core metrics, and the run's chosen fidelity metrics against the LR image the method
/// received). Never throws for a bad image: every method gets a failed result with the reason; an image too small for
/// a fidelity metric gets <c>nan</c> for it with a note, not a failure.</summary>
public sealed class ImageEvaluator(RunSettings settings, IReadOnlyList<IUpsampler> upsamplers, IImageDecoder? decoder = null,
    StageTimings? timings = null, OutputStore? outputs = null) : IImageEvaluator
{
    private readonly IImageDecoder _decoder = decoder ?? FileImageDecoder.Instance;
    private readonly InfoBarSetting _infoBar = InfoBarSetting.Parse(settings.InfoBar);
    private readonly IReadOnlyList<MetricDescriptor> _fidelity =
        MetricRegistry.Of(settings.ChosenMetrics.Where(MetricRegistry.FidelityIds.Contains));

    public ImageEvaluation Evaluate(StoredImage image, IReadOnlySet<string> methods, CancellationToken cancellation = default)
    {
        string fullPath = Path.Combine(settings.DataRoot, image.RelativePath);
        PreparedImage prepared;
        try
        {
            prepared = Prepare(fullPath, ref image);
            MemoryTrace.Mark("prepared");
        }
        catch (Exception e) when (e is ImageLoadException or BadImageException or InfoBarException)
        {
            // What was learned before the failure (the file's size, say) is kept with the image.
            return new ImageEvaluation(image, FailAll(methods, e.Message));
        }

        // The original's share of the fidelity metrics (spectrum, pyramid, gradients) is computed once for all methods.
        var fidelityReference = _fidelity.Count == 0
            ? null
            : new Lazy<FidelityReference>(() => new FidelityReference(prepared.Reference, settings.Scale));
        var chosen = upsamplers.Where(u => methods.Contains(u.Id)).ToList();
        // Networks run first, before the fidelity metrics allocate their buffers for this image, so a large image never
        // holds a network's working memory and those buffers at once; their 8-bit outputs wait to be measured.
        var early = new Dictionary<string, Upsampled>();
        foreach (var upsampler in chosen.Where(u => !u.IsInterpolation))
        {
            cancellation.ThrowIfCancellationRequested();
            early[upsampler.Id] = Upsample(image, prepared, upsampler);
            MemoryTrace.Mark($"{upsampler.Id} done");
        }
        var results = new List<MethodScore>();
        foreach (var upsampler in chosen)
        {
            cancellation.ThrowIfCancellationRequested();
            var upsampled = early.Remove(upsampler.Id, out var done) ? done : Upsample(image, prepared, upsampler);
            results.Add(Measure(prepared, upsampled, fidelityReference));
            MemoryTrace.Mark($"{upsampler.Id} measured");
        }
        return new ImageEvaluation(image, results);
    }

    /// <summary>Reads the file and produces the high-resolution reference and its low-resolution version, exactly as
    /// a run prepares <paramref name="image"/> (which it leaves as it is).</summary>
    public PreparedImage Prepare(StoredImage image, string fullPath) => Prepare(fullPath, ref image);

    /// <summary>As <see cref="Prepare(StoredImage, string)"/>; <paramref name="image"/> receives what is learned about
    /// it step by step, so that an image failing half-way keeps what was learned before.</summary>
    private PreparedImage Prepare(string fullPath, ref StoredImage image)
    {
        var loaded = Timed(StageTimings.Decode, () => _decoder.Load(fullPath));
        image = image with
        {
            SourceWidth = loaded.Image.Width,
            SourceHeight = loaded.Image.Height,
            SourceBitDepth = loaded.SourceBitDepth,
            NearlyBlack = loaded.NearlyBlack,
        };

        int barRows = Timed(StageTimings.InfoBar, () => _infoBar.RowsToRemove(loaded.Image));
        image = image with { InfoBarRows = barRows };
        var withoutBar = InfoBarDetector.Crop(loaded.Image, barRows);
        var reference = Degrader.CropToMultiple(withoutBar, settings.Scale);
        int minimum = Degrader.MinimumSide(settings.Scale);
        if (reference.Width < minimum || reference.Height < minimum)
            throw new BadImageException(
                $"image too small: {reference.Width}×{reference.Height} px after cropping, at least {minimum}×{minimum} needed at scale {settings.Scale} " +
                $"(the file has {loaded.Image.Width}×{loaded.Image.Height} px{(barRows > 0 ? $", {barRows} rows of them an info bar" : "")})");
        image = image with { Width = reference.Width, Height = reference.Height };
        return new PreparedImage(reference, Timed(StageTimings.Degrade, () => Degrader.Downscale(reference, settings.Scale)));
    }

    private T Timed<T>(string stage, Func<T> work) => timings is null ? work() : timings.Time(stage, work);

    /// <summary>One method's output, or the score recording why it has none.</summary>
    private sealed record Upsampled(MethodScore Result, GrayImage? Output);

    private Upsampled Upsample(StoredImage image, PreparedImage prepared, IUpsampler upsampler)
    {
        var result = NewScore(upsampler.Id);
        try
        {
            var clock = Stopwatch.StartNew();
            var output = upsampler.Upsample(prepared.LowResolution, settings.Scale);
            result = result with { Milliseconds = clock.Elapsed.TotalMilliseconds };
            if (outputs is not null && !upsampler.IsInterpolation)
                outputs.Save(image.RunId, image.Id, upsampler.Id, output);
            timings?.Add(upsampler.Id, clock.Elapsed);
            return new Upsampled(result, output);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException and not IOException)
        {
            // IOException (storing an output: disk full, say) is not the image's fault: it stops the run instead.
            return new Upsampled(Failed(result, $"{upsampler.Id} failed: {e.Message}"), null);
        }
    }

    private MethodScore Measure(PreparedImage prepared, Upsampled upsampled, Lazy<FidelityReference>? fidelityReference)
    {
        var (result, output) = upsampled;
        if (output is null)
            return result;
        try
        {
            var clock = Stopwatch.StartNew();
            var metrics = ImageMetrics.Compute(prepared.Reference, output);
            MemoryTrace.Mark($"{result.Method} core metrics");
            result = result with { Psnr = metrics.Psnr, Ssim = metrics.Ssim, SsimSkimage = metrics.SsimSkimage };
            if (fidelityReference is not null)
            {
                _ = fidelityReference.Value;
                MemoryTrace.Mark("fidelity reference");
            }
            if (fidelityReference is not null)
                result = FidelityResults.With(result, FidelityMetrics.Compute(fidelityReference.Value, output, prepared.LowResolution,
                        metrics.SsimContrastStructure), _fidelity,
                    FidelityMetrics.SizeNotes(output.Width, output.Height));
            timings?.Add(StageTimings.Metrics, clock.Elapsed);
            return result with { Status = ResultStatus.Ok };
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException and not IOException)
        {
            return Failed(result, $"{result.Method} failed: {e.Message}");
        }
    }

    private static MethodScore Failed(MethodScore result, string reason) =>
        result with { Status = ResultStatus.Failed, Error = reason };

    internal static List<MethodScore> FailAll(IEnumerable<string> methods, string reason) =>
        methods.Select(m => Failed(NewScore(m), reason)).ToList();

    /// <summary>A method's score before it is measured: failed, so that a method stopped half-way never counts as done.</summary>
    internal static MethodScore NewScore(string method) => new()
    {
        Method = method,
        Status = ResultStatus.Failed,
        CreatedUtc = DateTime.UtcNow,
    };
}
