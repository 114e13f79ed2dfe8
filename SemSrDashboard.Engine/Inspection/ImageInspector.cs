using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Evaluation;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Engine.Inspection;

/// <summary>Renders the images of the image-pair page for one image of a run, addressed by run, image and method ids
/// only: the reference and low-resolution input exactly as the run prepared them, each method's output (a model's
/// stored PNG as measured; interpolations recomputed; a model whose output was not kept rendered on demand at low
/// priority), difference and SSIM maps, the removed info bar and thumbnails. Recomputed PNGs are cached in an LRU
/// bounded in bytes. Only standard-protocol runs are supported (the seed protocol measures float RGB outputs that
/// are not kept).</summary>
public sealed class ImageInspector : IDisposable
{
    public const long DefaultCacheBytes = 256L << 20;

    private readonly ResultStore _store;
    private readonly MethodCatalog _methods;
    private readonly LowPriorityRenderer _renderer = new();

    /// <param name="store">The runs, images and results to inspect.</param>
    /// <param name="methods">Recreates interpolations and opens models for outputs that were not kept.</param>
    /// <param name="outputs">The kept model outputs of the same database.</param>
    /// <param name="cacheBytes">Memory for recently rendered PNGs.</param>
    public ImageInspector(ResultStore store, MethodCatalog methods, OutputStore outputs, long cacheBytes = DefaultCacheBytes)
    {
        _store = store;
        _methods = methods;
        Outputs = outputs;
        Cache = new ByteLruCache(cacheBytes);
    }

    public OutputStore Outputs { get; }
    public ByteLruCache Cache { get; }

    /// <summary>The run and its image; null when either is unknown or the image belongs to another run.</summary>
    public (StoredRun Run, StoredImage Image)? Find(int runId, int imageId)
    {
        var run = _store.FindRun(runId);
        if (run is null)
            return null;
        var image = _store.FindImage(runId, imageId); // by key: a PNG request never loads the run's image list
        return image is null ? null : (run, image);
    }

    public static IReadOnlyList<string> Methods(StoredRun run) => StoredRunSettings.From(run).Methods;

    public static bool IsSupported(StoredRun run) => run.Protocol != RunSettings.SeedProtocol;

    public static string SourcePath(StoredRun run, StoredImage image) => Path.Combine(run.DataRoot, image.RelativePath);

    public static bool SourceExists(StoredRun run, StoredImage image) => File.Exists(SourcePath(run, image));

    /// <summary>True when the model's output of this image was kept by the run.</summary>
    public bool IsStored(StoredRun run, StoredImage image, string method) =>
        !MethodIds.IsInterpolation(method) && Methods(run).Contains(method) && Outputs.Exists(run.Id, image.Id, method);

    /// <summary>The PNG of <paramref name="variant"/> (see <see cref="ImageVariant"/>) of one image of a run.</summary>
    public async Task<InspectionResult> RenderAsync(int runId, int imageId, string variant, string? method = null)
    {
        if (!ImageVariant.IsKnown(variant) || ImageVariant.NeedsMethod(variant) != method is not null)
            return InspectionResult.NotFound($"no image variant '{variant}'");
        if (Find(runId, imageId) is not var (run, image))
            return InspectionResult.NotFound($"run {runId} has no image {imageId}");
        if (method is not null && !Methods(run).Contains(method, StringComparer.Ordinal))
            return InspectionResult.NotFound($"run {runId} did not evaluate a method '{method}'");
        if (!IsSupported(run))
            return InspectionResult.Unavailable("the image view supports standard-protocol runs; this run used the seed protocol");

        // A model's stored output is served as it is: exactly the pixels whose metrics are stored.
        if (variant == ImageVariant.Output && IsStored(run, image, method!))
            return Outputs.Load(run.Id, image.Id, method!) is { } stored ? InspectionResult.Of(stored) : InspectionResult.Unavailable("output vanished");

        string key = $"{run.Id}/{image.Id}/{variant}/{method}";
        if (Cache.TryGet(key, out byte[] cached))
            return InspectionResult.Of(cached);
        var result = await ProduceAsync(run, image, variant, method);
        if (result.Png is { } png)
            Cache.Set(key, png);
        return result;
    }

    /// <summary>The grey image of a view: <c>original</c>, <c>lr</c> or a method's output.</summary>
    public async Task<(GrayImage? Image, InspectionResult? Failure)> ViewAsync(int runId, int imageId, string view)
    {
        var result = view is ImageVariant.Original or ImageVariant.LowResolution
            ? await RenderAsync(runId, imageId, view)
            : await RenderAsync(runId, imageId, ImageVariant.Output, view);
        return result.Png is { } png ? (PngEncoder.DecodeGray(png), null) : (null, result);
    }

    private async Task<InspectionResult> ProduceAsync(StoredRun run, StoredImage image, string variant, string? method)
    {
        if (variant == ImageVariant.Thumbnail && !SourceExists(run, image))
        {
            // Still show something for a moved source: a stored output.
            string? stored = Methods(run).FirstOrDefault(m => IsStored(run, image, m));
            return stored is not null && Outputs.Load(run.Id, image.Id, stored) is { } png
                ? InspectionResult.Of(PngEncoder.Encode(Resampling.Thumbnail(PngEncoder.DecodeGray(png), ImageVariant.ThumbnailSide)))
                : SourceMissing(run, image);
        }
        if (!SourceExists(run, image))
            return SourceMissing(run, image);

        PreparedImage prepared;
        LoadedImage? loaded = null;
        try
        {
            if (variant == ImageVariant.InfoBar)
                loaded = ImageLoader.Load(SourcePath(run, image));
            prepared = Prepare(run, image);
        }
        catch (Exception e) when (e is ImageLoadException or BadImageException or InfoBarException or IOException)
        {
            return InspectionResult.Unavailable($"{image.RelativePath} cannot be prepared: {e.Message}");
        }

        switch (variant)
        {
            case ImageVariant.Original:
                return InspectionResult.Of(PngEncoder.Encode(prepared.Reference));
            case ImageVariant.LowResolution:
                return InspectionResult.Of(PngEncoder.Encode(Resampling.NearestUpscale(prepared.LowResolution, run.Scale)));
            case ImageVariant.Thumbnail:
                return InspectionResult.Of(PngEncoder.Encode(Resampling.Thumbnail(prepared.Reference, ImageVariant.ThumbnailSide)));
            case ImageVariant.InfoBar:
                int rows = image.InfoBarRows ?? 0;
                if (rows <= 0 || rows >= loaded!.Image.Height)
                    return InspectionResult.Unavailable("no info bar was removed from this image");
                return InspectionResult.Of(PngEncoder.Encode(Resampling.Crop(loaded.Image, 0, loaded.Image.Height - rows, loaded.Image.Width, rows)));
        }

        GrayImage output;
        if (IsStored(run, image, method!) && Outputs.Load(run.Id, image.Id, method!) is { } storedPng)
            output = PngEncoder.DecodeGray(storedPng);
        else
        {
            var rendered = await RenderOutputAsync(run, image, method!, prepared);
            if (variant == ImageVariant.Output)
                return InspectionResult.Of(rendered);
            output = PngEncoder.DecodeGray(rendered);
        }
        if ((output.Width, output.Height) != (prepared.Reference.Width, prepared.Reference.Height))
            return InspectionResult.Unavailable($"the output of {method} is {output.Width}×{output.Height}, the original {prepared.Reference.Width}×{prepared.Reference.Height}");
        return variant switch
        {
            ImageVariant.Difference => InspectionResult.Of(PngEncoder.Encode(MapRenderer.Difference(prepared.Reference, output))),
            ImageVariant.InventedDetail => InspectionResult.Of(PngEncoder.Encode(MapRenderer.InventedDetail(prepared.Reference, output, run.Scale))),
            _ => InspectionResult.Of(PngEncoder.Encode(MapRenderer.Ssim(prepared.Reference, output))),
        };
    }

    /// <summary>An interpolation right away; a model on the low-priority renderer (one at a time). The PNG is cached.</summary>
    private async Task<byte[]> RenderOutputAsync(StoredRun run, StoredImage image, string method, PreparedImage prepared)
    {
        string key = $"{run.Id}/{image.Id}/{ImageVariant.Output}/{method}";
        if (Cache.TryGet(key, out byte[] cached))
            return cached;
        var settings = StoredRunSettings.From(run);
        byte[] png;
        if (MethodIds.IsInterpolation(method))
        {
            using var upsampler = _methods.Create(method, settings);
            png = PngEncoder.Encode(upsampler.Upsample(prepared.LowResolution, run.Scale));
        }
        else
        {
            png = await _renderer.RenderAsync(key, () =>
            {
                using var upsampler = _methods.Create(method, settings);
                return PngEncoder.Encode(upsampler.Upsample(prepared.LowResolution, run.Scale));
            });
        }
        Cache.Set(key, png);
        return png;
    }

    /// <summary>The reference and low-resolution image exactly as the run prepared them.</summary>
    public PreparedImage Prepare(StoredRun run, StoredImage image) =>
        new ImageEvaluator(StoredRunSettings.From(run), []).Prepare(image, SourcePath(run, image));

    /// <summary>A labelled side-by-side figure of two views (<c>original</c>, <c>lr</c> or a method; with
    /// <paramref name="map"/> <c>diff</c>, <c>ssim</c> or <c>detail</c>, method views show that map), optionally of a
    /// region only. The invented-detail map's figure carries its colour legend.</summary>
    public async Task<InspectionResult> FigureAsync(int runId, int imageId, string left, string right, string? map, FigureRegion? region)
    {
        if (Find(runId, imageId) is not var (run, image))
            return InspectionResult.NotFound($"run {runId} has no image {imageId}");
        if (map is not null && !ImageVariant.IsMap(map))
            return InspectionResult.NotFound($"no map '{map}'");
        var results = _store.ResultsOfImage(runId, imageId).ToDictionary(r => r.Method);
        var panels = new List<FigurePanel>();
        foreach (string view in new[] { left, right })
        {
            bool isMethod = view is not (ImageVariant.Original or ImageVariant.LowResolution);
            if (isMethod && !Methods(run).Contains(view, StringComparer.Ordinal))
                return InspectionResult.NotFound($"run {runId} did not evaluate a method '{view}'");
            InspectionResult rendered = isMethod && map is not null
                ? await RenderAsync(runId, imageId, map, view)
                : isMethod ? await RenderAsync(runId, imageId, ImageVariant.Output, view) : await RenderAsync(runId, imageId, view);
            if (rendered.Png is null)
                return rendered;
            panels.Add(new FigurePanel(rendered.Png, Label(view, isMethod ? map : null, run, results.GetValueOrDefault(view))));
        }
        var legend = map == ImageVariant.InventedDetail ? InventedDetailLegend : null;
        return InspectionResult.Of(ComparisonFigure.Render(panels, region, $"{image.RelativePath} (run {run.Id}, x{run.Scale})", legend));
    }

    /// <summary>The invented-detail map's legend as the figure draws it (the page draws the same colours).</summary>
    public static readonly FigureLegend InventedDetailLegend = new(MapRenderer.AgreeingColour, MapRenderer.InventedColour,
        "detail agrees with the original", "detail the original lacks",
        FormattableString.Invariant($"brightness: local RMS of the output's detail, square-root scale, full at {MapRenderer.DetailRmsRange:0} grey levels"));

    private static string Label(string view, string? map, StoredRun run, StoredResult? result)
    {
        string name = view switch
        {
            ImageVariant.Original => "original",
            ImageVariant.LowResolution => $"LR x1/{run.Scale} (nearest)",
            _ => view,
        };
        if (map == ImageVariant.Difference)
            name += $"  |difference| 0-{MapRenderer.DifferenceRange} (sqrt scale)";
        else if (map == ImageVariant.Ssim)
            name += " SSIM map 0-1";
        else if (map == ImageVariant.InventedDetail)
            name += " invented-detail map";
        if (result?.Psnr is double psnr && result.Ssim is double ssim)
            name += FormattableString.Invariant($"\nPSNR {psnr:F2} dB  SSIM {ssim:F4}");
        return name;
    }

    private static InspectionResult SourceMissing(StoredRun run, StoredImage image) =>
        new(InspectionStatus.SourceMissing, null, $"the source file {SourcePath(run, image)} is missing (moved or deleted since the run)");

    public void Dispose() => _renderer.Dispose();
}
