namespace SemSrDashboard.Engine.Domain;

/// <summary>Everything that determines a run's numbers. Two invocations with equal settings are the same run:
/// running the same command again resumes it.</summary>
/// <param name="DataRoot">Absolute path of the data folder.</param>
/// <param name="Methods">Method ids in evaluation order; <c>bicubic</c> is always first.</param>
/// <param name="Scale">Integer scale factor, 2–4.</param>
/// <param name="Protocol"><c>standard</c> or <c>seed</c> (the original study's computation).</param>
/// <param name="InfoBar"><c>auto</c>, <c>none</c> or a row count.</param>
/// <param name="LimitPerCategory">Evaluate at most this many images per category (deterministic subset); null = all.</param>
/// <param name="Tile">Tile size in low-resolution pixels for model inference; 0 = whole image.</param>
/// <param name="TilePad">Context around each tile in low-resolution pixels.</param>
/// <param name="Device"><c>auto</c>, <c>cpu</c> or <c>cuda</c>.</param>
/// <param name="StoreOutputs">Which model outputs are kept as lossless PNG for the image-pair page: <c>all</c>,
/// <c>best-worst</c> (the best and worst images of each category, chosen when the run completes) or <c>none</c>.</param>
/// <param name="Metrics">Metric ids the run computes (see <see cref="MetricIds"/>); null = every registered
/// metric. Validation adds the core metrics and puts the list in registry order; the seed protocol computes the core
/// metrics only.</param>
/// <param name="Subset">Only these images (paths relative to the data folder, sorted; see <see cref="ImageSubset"/>);
/// null = every image of the folder. Applied before <paramref name="LimitPerCategory"/>.</param>
/// <param name="Shard">Only this shard of the selected images (<see cref="RunShard"/>); null = all of them.</param>
public sealed record RunSettings(
    string DataRoot,
    IReadOnlyList<string> Methods,
    int Scale = 4,
    string Protocol = RunSettings.StandardProtocol,
    string InfoBar = "auto",
    int? LimitPerCategory = null,
    int Tile = RunSettings.DefaultTile,
    int TilePad = RunSettings.DefaultTilePad,
    string Device = Devices.Auto,
    string StoreOutputs = RunSettings.StoreAll,
    IReadOnlyList<string>? Metrics = null,
    IReadOnlyList<string>? Subset = null,
    RunShard? Shard = null)
{
    public const string StoreAll = "all";
    public const string StoreBestWorst = "best-worst";
    public const string StoreNone = "none";

    public const string StandardProtocol = "standard";
    public const string SeedProtocol = "seed";
    // 256 (not 128): the recomputed context of 16-pixel pads costs 1.08× the area of a 384×256 image instead of
    // 1.31× (see docs/model-card.md), while one tile of the thick model still needs well under 1 GB.
    public const int DefaultTile = 256;
    public const int DefaultTilePad = 16;

    /// <summary>A stable text form of the settings that decide the numbers (device and tiling excluded: they change
    /// speed, not results beyond the documented tiling tolerance).</summary>
    /// <remarks>The metric list is appended only when it differs from the core metrics, the subset and the shard only
    /// when given, so that a run stored before they could be chosen keeps its fingerprint (and resumes).</remarks>
    public string Fingerprint =>
        string.Join('|', DataRoot, MethodList.Format(Methods), Scale, Protocol, InfoBar, LimitPerCategory?.ToString() ?? "all")
        + (ChosenMetrics.SequenceEqual(MetricIds.Core) ? "" : "|metrics=" + string.Join(',', ChosenMetrics))
        + (Subset is null ? "" : "|subset=" + ImageSubset.Digest(Subset))
        + (Shard is null ? "" : "|shard=" + Shard);

    /// <summary>The metric ids this run computes: <see cref="Metrics"/>, or every registered metric when null.</summary>
    public IReadOnlyList<string> ChosenMetrics => Metrics ?? MetricIds.All;
}
