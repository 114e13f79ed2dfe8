namespace SemSrDashboard.Engine.Storage;

/// <summary>A run: its settings, state and provenance.</summary>
public sealed class RunRecord
{
    public int Id { get; set; }
    public required string DataRoot { get; set; }
    /// <summary>Comma-separated method ids, baseline first.</summary>
    public required string Methods { get; set; }
    public int Scale { get; set; }
    public required string Protocol { get; set; }
    public required string InfoBar { get; set; }
    public int? LimitPerCategory { get; set; }
    public int Tile { get; set; }
    public int TilePad { get; set; }
    public required string Device { get; set; }
    /// <summary><c>all</c>, <c>best-worst</c> or <c>none</c>: which model outputs are kept as PNG.</summary>
    public string StoreOutputs { get; set; } = "all";
    /// <summary>Comma-separated metric ids the run computes (registry order); runs stored before the list existed
    /// hold the three core metrics <c>psnr,ssim,ssim_skimage</c>.</summary>
    public string Metrics { get; set; } = "psnr,ssim,ssim_skimage";
    /// <summary>Newline-separated relative paths the run is limited to (<c>evaluate --subset</c>), sorted; null = the
    /// whole folder.</summary>
    public string? Subset { get; set; }
    /// <summary>For a shard run (<c>evaluate --shard i/N</c>): i and N; null otherwise.</summary>
    public int? ShardIndex { get; set; }
    public int? ShardCount { get; set; }
    /// <summary>For a shard run: the images of every shard together, against which <c>runs merge</c> checks that
    /// the shards cover the selection.</summary>
    public int? SelectionImages { get; set; }
    public required string Fingerprint { get; set; }
    public required string Status { get; set; }
    public string? Error { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime? StartedUtc { get; set; }
    public DateTime? FinishedUtc { get; set; }
    /// <summary>Execution provider actually used for models (CPU, CUDA), null before a model ran.</summary>
    public string? Provider { get; set; }
    /// <summary>JSON provenance: application, OpenCV and ONNX Runtime versions, model ids with sha256.</summary>
    public string? Provenance { get; set; }
    public int TotalImages { get; set; }
    public int SkippedFiles { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresUtc { get; set; }
    /// <summary>The Slurm job array that runs the run's workers (<c>runs submit --slurm</c>); null otherwise.</summary>
    public string? SlurmJobId { get; set; }

    public List<ImageRecord> Images { get; set; } = [];
}

/// <summary>One image of a run, with what the pipeline learned about it.</summary>
public sealed class ImageRecord
{
    /// <summary>Ascends in the order the run evaluates its images (see <c>Runs.ProcessingOrder</c>), not by path.</summary>
    public int Id { get; set; }
    public int RunId { get; set; }
    public required string Category { get; set; }
    /// <summary>Path relative to the run's data root, '/' separated.</summary>
    public required string RelativePath { get; set; }
    /// <summary>Size evaluated, after info-bar removal and cropping to a multiple of the scale (0 before).</summary>
    public int Width { get; set; }
    public int Height { get; set; }
    /// <summary>Size of the decoded file before any cropping.</summary>
    public int SourceWidth { get; set; }
    public int SourceHeight { get; set; }
    public int? InfoBarRows { get; set; }
    public int SourceBitDepth { get; set; }
    /// <summary>16-bit data that lies in the low byte and becomes (nearly) black in 8 bits.</summary>
    public bool NearlyBlack { get; set; }
    /// <summary>The worker (<see cref="WorkerRecord.WorkerId"/>) evaluating this image of a many-worker run; null when
    /// unclaimed. A claim whose <see cref="ClaimExpiresUtc"/> has passed belongs to a worker that died and is taken again.</summary>
    public string? ClaimedBy { get; set; }
    public DateTime? ClaimExpiresUtc { get; set; }

    public RunRecord? Run { get; set; }
}

/// <summary>The scores of one method on one image; unique per (run, image, method).</summary>
public sealed class ResultRecord
{
    public long Id { get; set; }
    public int RunId { get; set; }
    public int ImageId { get; set; }
    public required string Method { get; set; }
    /// <summary>dB; +∞ for identical images; null when failed.</summary>
    public double? Psnr { get; set; }
    public double? Ssim { get; set; }
    public double? SsimSkimage { get; set; }
    /// <summary>Fidelity metrics (see the metric registry); null when the run did not compute them or the result failed.</summary>
    public double? MsSsim { get; set; }
    public double? Gmsd { get; set; }
    /// <summary>dB.</summary>
    public double? LrPsnr { get; set; }
    public double? DetailCorr { get; set; }
    public double? DetailRatio { get; set; }
    /// <summary>Why a successful result holds <c>nan</c> for a metric (an image too small for it, say); null otherwise.</summary>
    public string? Note { get; set; }
    /// <summary>On SQLite only, the metric values its REAL cannot hold (NaN, −0), as <c>Psnr=nan;DetailCorr=-0</c>, their
    /// columns then holding NULL or 0 (see <see cref="SqliteExactValues"/>); null once read, and always on PostgreSQL.</summary>
    public string? ExactValues { get; set; }
    public required string Status { get; set; }
    public string? Error { get; set; }
    public DateTime CreatedUtc { get; set; }
    /// <summary>Milliseconds the method took on this image (upsampling only).</summary>
    public double? Milliseconds { get; set; }
}
