namespace SemSrDashboard.Engine.Storage;

/// <summary>A run as read from the store: an immutable copy of its row, so that readers above <c>Storage</c> (the
/// statistics, the exports, the dashboard and the CLI) never hold an EF Core entity that a change could be written
/// back through. The columns are <see cref="RunRecord"/>'s, without the image list.</summary>
public sealed record StoredRun
{
    public int Id { get; init; }
    public required string DataRoot { get; init; }
    /// <summary>Comma-separated method ids, baseline first (parse with <c>MethodList</c>).</summary>
    public required string Methods { get; init; }
    public int Scale { get; init; }
    public required string Protocol { get; init; }
    public required string InfoBar { get; init; }
    public int? LimitPerCategory { get; init; }
    public int Tile { get; init; }
    public int TilePad { get; init; }
    public required string Device { get; init; }
    /// <summary><c>all</c>, <c>best-worst</c> or <c>none</c>: which model outputs are kept as PNG.</summary>
    public string StoreOutputs { get; init; } = "all";
    /// <summary>Comma-separated metric ids the run computes (registry order).</summary>
    public string Metrics { get; init; } = "psnr,ssim,ssim_skimage";
    /// <summary>Newline-separated relative paths the run is limited to; null = the whole folder.</summary>
    public string? Subset { get; init; }
    public int? ShardIndex { get; init; }
    public int? ShardCount { get; init; }
    public int? SelectionImages { get; init; }
    public required string Fingerprint { get; init; }
    public required string Status { get; init; }
    public string? Error { get; init; }
    public DateTime CreatedUtc { get; init; }
    public DateTime? StartedUtc { get; init; }
    public DateTime? FinishedUtc { get; init; }
    /// <summary>Execution provider actually used for models (CPU, CUDA), null before a model ran.</summary>
    public string? Provider { get; init; }
    /// <summary>JSON provenance: application, OpenCV and ONNX Runtime versions, model ids with sha256.</summary>
    public string? Provenance { get; init; }
    public int TotalImages { get; init; }
    public int SkippedFiles { get; init; }
    public string? LeaseOwner { get; init; }
    public DateTime? LeaseExpiresUtc { get; init; }
    public string? SlurmJobId { get; init; }

    public static StoredRun From(RunRecord run) => new()
    {
        Id = run.Id,
        DataRoot = run.DataRoot,
        Methods = run.Methods,
        Scale = run.Scale,
        Protocol = run.Protocol,
        InfoBar = run.InfoBar,
        LimitPerCategory = run.LimitPerCategory,
        Tile = run.Tile,
        TilePad = run.TilePad,
        Device = run.Device,
        StoreOutputs = run.StoreOutputs,
        Metrics = run.Metrics,
        Subset = run.Subset,
        ShardIndex = run.ShardIndex,
        ShardCount = run.ShardCount,
        SelectionImages = run.SelectionImages,
        Fingerprint = run.Fingerprint,
        Status = run.Status,
        Error = run.Error,
        CreatedUtc = run.CreatedUtc,
        StartedUtc = run.StartedUtc,
        FinishedUtc = run.FinishedUtc,
        Provider = run.Provider,
        Provenance = run.Provenance,
        TotalImages = run.TotalImages,
        SkippedFiles = run.SkippedFiles,
        LeaseOwner = run.LeaseOwner,
        LeaseExpiresUtc = run.LeaseExpiresUtc,
        SlurmJobId = run.SlurmJobId,
    };

    /// <summary>The row as an entity (without images), for the store's own writes.</summary>
    internal RunRecord ToRecord() => new()
    {
        Id = Id,
        DataRoot = DataRoot,
        Methods = Methods,
        Scale = Scale,
        Protocol = Protocol,
        InfoBar = InfoBar,
        LimitPerCategory = LimitPerCategory,
        Tile = Tile,
        TilePad = TilePad,
        Device = Device,
        StoreOutputs = StoreOutputs,
        Metrics = Metrics,
        Subset = Subset,
        ShardIndex = ShardIndex,
        ShardCount = ShardCount,
        SelectionImages = SelectionImages,
        Fingerprint = Fingerprint,
        Status = Status,
        Error = Error,
        CreatedUtc = CreatedUtc,
        StartedUtc = StartedUtc,
        FinishedUtc = FinishedUtc,
        Provider = Provider,
        Provenance = Provenance,
        TotalImages = TotalImages,
        SkippedFiles = SkippedFiles,
        LeaseOwner = LeaseOwner,
        LeaseExpiresUtc = LeaseExpiresUtc,
        SlurmJobId = SlurmJobId,
    };
}
