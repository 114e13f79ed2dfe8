using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Inspection;
using SemSrDashboard.Engine.Metrics;
using SemSrDashboard.Engine.Statistics;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Model;

/// <summary>What the image page shows, from one results snapshot and the page's query string: the image's results per
/// method, the views that can be compared (everything when the source file is there, else only stored model outputs),
/// the left and right views and map, which outputs are rendered on demand, and previous/next in the category page's
/// order. The file checks come in as functions, so the rest is pure.</summary>
public sealed class ImageDetailViewModel
{
    public const string Baseline = MethodIds.Baseline;
    public const string NoMap = "none";

    private readonly HashSet<string> _storedOutputs;

    private ImageDetailViewModel(StoredRun run, StoredImage image, ImageDetailQuery query, HashSet<string> storedOutputs)
    {
        Run = run;
        Image = image;
        Query = query;
        _storedOutputs = storedOutputs;
    }

    public StoredRun Run { get; }
    public StoredImage Image { get; }
    public ImageDetailQuery Query { get; }
    /// <summary>This image's stored result per method.</summary>
    public IReadOnlyDictionary<string, StoredResult> Results { get; private init; } = new Dictionary<string, StoredResult>();
    public IReadOnlyList<string> Methods { get; private init; } = [];
    /// <summary>(value, label) of every view the selects offer.</summary>
    public IReadOnlyList<(string Value, string Label)> Views { get; private init; } = [];
    public IReadOnlyList<CategoryImage> Order { get; private init; } = [];
    /// <summary>This image's place in <see cref="Order"/> (0 when it has no result yet).</summary>
    public int Index { get; private init; }
    /// <summary>The same view of the previous image in the category page's order; null for the first.</summary>
    public string? Previous => Index > 0 ? Neighbour(Order[Index - 1]) : null;
    public string? Next => Index + 1 < Order.Count ? Neighbour(Order[Index + 1]) : null;
    public string Left { get; private init; } = Baseline;
    public string Right { get; private init; } = Baseline;
    public string Map { get; private init; } = NoMap;
    public string? Model { get; private init; }
    /// <summary>Standard-protocol run: its images can be rendered (seed-protocol outputs are not images).</summary>
    public bool Supported { get; private init; }
    public bool SourceExists { get; private init; }
    public string SourcePath { get; private init; } = "";
    /// <summary>Shown model outputs the run did not keep: rendered on demand.</summary>
    public IReadOnlyList<string> RenderedOnDemand { get; private init; } = [];

    /// <summary>The image was never evaluated (not decoded, or too small): the page tells why and nothing else.</summary>
    public bool Undecoded => Image.Width == 0;

    /// <summary>The first stored failure reason of this image.</summary>
    public string? FailureReason => Results.Values.FirstOrDefault(r => r.Status != ResultStatus.Ok)?.Error;

    /// <summary>The fidelity metrics this image's run computed (none for runs stored before they existed).</summary>
    public IReadOnlyList<MetricDescriptor> FidelityMetrics =>
        MetricRegistry.Of(RunComparison.MetricsOf(Run).Where(MetricRegistry.FidelityIds.Contains));

    /// <param name="imageId">The image; null is returned when the run has no such image.</param>
    /// <param name="sourceExists">Whether the image's source file is still where the run read it.</param>
    /// <param name="isStored">Whether the run kept a method's output of the image.</param>
    /// <param name="methodLabel">How a method is named (a fine-tuned model with its lineage, "base → id"); the id
    /// when null.</param>
    public static ImageDetailViewModel? Build(RunResultsSnapshot snapshot, int imageId, ImageDetailQuery query,
        Func<StoredRun, StoredImage, bool> sourceExists, Func<StoredRun, StoredImage, string, bool> isStored,
        Func<string, string>? methodLabel = null)
    {
        methodLabel ??= id => id;
        var run = snapshot.Run;
        if (snapshot.Images.FirstOrDefault(i => i.Id == imageId) is not { } image)
            return null;
        var methods = ImageInspector.Methods(run);
        var compared = RunComparison.ComparedMethods(run, Baseline);
        string? model = query.Model is not null && compared.Contains(query.Model) ? query.Model : compared.FirstOrDefault();
        bool exists = sourceExists(run, image);
        var stored = methods.Where(m => isStored(run, image, m)).ToHashSet(StringComparer.Ordinal);

        // Views: everything when the source is there; otherwise only the stored model outputs.
        List<(string Value, string Label)> views = exists
            ? [(ImageVariant.Original, "Original"), (ImageVariant.LowResolution, $"LR ×1/{run.Scale} (nearest)"), .. methods.Select(m => (m, methodLabel(m)))]
            : methods.Where(stored.Contains).Select(m => (m, methodLabel(m))).ToList();
        var values = views.Select(v => v.Value).ToList();
        string left = Pick(query.Left, values, Baseline, values.FirstOrDefault() ?? Baseline);
        string right = Pick(query.Right, values, model ?? ImageVariant.Original, values.Skip(1).FirstOrDefault() ?? left);
        string map = query.Map is { } wantedMap && ImageVariant.IsMap(wantedMap) ? wantedMap : NoMap;
        var order = CategoryImageOrder.Sort(ImageRanking.Images(snapshot.Results, image.Category, model, Baseline), query.Sort, query.Desc == true);
        int index = Math.Max(0, order.ToList().FindIndex(i => i.Image.Id == imageId));
        return new ImageDetailViewModel(run, image, query, stored)
        {
            Results = snapshot.Results.Where(r => r.Image.Id == imageId).ToDictionary(r => r.Result.Method, r => r.Result, StringComparer.Ordinal),
            Methods = methods,
            Views = views,
            Order = order,
            Index = index,
            Left = left,
            Right = right,
            Map = map,
            Model = model,
            Supported = ImageInspector.IsSupported(run),
            SourceExists = exists,
            SourcePath = ImageInspector.SourcePath(run, image),
            RenderedOnDemand = new[] { left, right }.Distinct()
                .Where(v => values.Contains(v) && !MethodIds.IsInterpolation(v) && v is not (ImageVariant.Original or ImageVariant.LowResolution)
                    && !stored.Contains(v))
                .ToList(),
        };
    }

    private static string Pick(string? wanted, List<string> values, string preferred, string fallback) =>
        wanted is not null && values.Contains(wanted) ? wanted : values.Contains(preferred) ? preferred : fallback;

    /// <summary>The page's query for a changed view (the rest as now); a null argument keeps the current value.</summary>
    public (string Name, string? Value)[] QueryWith(string? left = null, string? right = null, string? map = null)
    {
        string shownMap = map ?? Map;
        return
        [
            ("left", left ?? Left),
            ("right", right ?? Right),
            ("map", shownMap == NoMap ? null : shownMap),
            ("model", Model),
            ("sort", Query.Sort),
            ("desc", Query.Desc == true ? "true" : null),
        ];
    }

    /// <summary>The same view of another image.</summary>
    private string Neighbour(CategoryImage image) => DashboardUrls.Image(Run.Id, image.Image.Id, QueryWith());

    public string CategoryHref => DashboardUrls.Category(Run.Id, Image.Category, ("model", Model), ("sort", Query.Sort),
        ("desc", Query.Desc == true ? "true" : null));

    /// <summary>The picture of a view: the original, the low-resolution input, or a method's output or map.</summary>
    public string Src(string view) => view switch
    {
        ImageVariant.Original or ImageVariant.LowResolution => DashboardUrls.ImagePng(Run.Id, Image.Id, view),
        _ when Map != NoMap && SourceExists => DashboardUrls.ImagePng(Run.Id, Image.Id, Map, view),
        _ => DashboardUrls.ImagePng(Run.Id, Image.Id, ImageVariant.Output, view),
    };

    public string Label(string view) => Views.FirstOrDefault(v => v.Value == view).Label ?? view;

    public string MapSuffix(string view) =>
        Map == NoMap || !SourceExists || view is ImageVariant.Original or ImageVariant.LowResolution ? ""
        : Map switch
        {
            ImageVariant.Difference => " · difference",
            ImageVariant.InventedDetail => " · invented detail",
            _ => " · SSIM map",
        };

    /// <summary>The method's value of <paramref name="metric"/> minus the baseline's; null when either is missing.</summary>
    public double? Delta(string method, string metric) =>
        Results.GetValueOrDefault(method) is { } m && Results.GetValueOrDefault(Baseline) is { } b
        && RunComparison.Value(m, metric) is double mv && RunComparison.Value(b, metric) is double bv ? mv - bv : null;

    public string OutputSource(string method) =>
        MethodIds.IsInterpolation(method) ? "recomputed"
        : _storedOutputs.Contains(method) ? "stored (as measured)"
        : "rendered on demand";
}
