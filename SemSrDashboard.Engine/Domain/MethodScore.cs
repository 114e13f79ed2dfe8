namespace SemSrDashboard.Engine.Domain;

/// <summary>What one method achieved on one image, as the evaluator hands it to the store: a plain value, so that the
/// pipeline's stages never hold a database entity. The store adds the run and image it belongs to.</summary>
public sealed record MethodScore
{
    public required string Method { get; init; }
    /// <summary><see cref="ResultStatus.Ok"/> or <see cref="ResultStatus.Failed"/>.</summary>
    public required string Status { get; init; }
    /// <summary>dB; +∞ for identical images; null when failed.</summary>
    public double? Psnr { get; init; }
    public double? Ssim { get; init; }
    public double? SsimSkimage { get; init; }
    /// <summary>Fidelity metrics (see the metric registry); null when the run did not choose them or the method failed.</summary>
    public double? MsSsim { get; init; }
    public double? Gmsd { get; init; }
    /// <summary>dB.</summary>
    public double? LrPsnr { get; init; }
    public double? DetailCorr { get; init; }
    public double? DetailRatio { get; init; }
    /// <summary>Why a successful score holds <c>nan</c> for a metric (an image too small for it, say); null otherwise.</summary>
    public string? Note { get; init; }
    public string? Error { get; init; }
    public DateTime CreatedUtc { get; init; }
    /// <summary>Milliseconds the method took on this image (upsampling only).</summary>
    public double? Milliseconds { get; init; }
}
