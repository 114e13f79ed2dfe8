namespace SemSrDashboard.Engine.Storage;

/// <summary>The scores of one method on one image as read from the store: an immutable copy of
/// <see cref="ResultRecord"/>'s columns, with the values SQLite cannot hold already restored.</summary>
public sealed record StoredResult
{
    public long Id { get; init; }
    public int RunId { get; init; }
    public int ImageId { get; init; }
    public required string Method { get; init; }
    /// <summary>dB; +∞ for identical images; null when failed.</summary>
    public double? Psnr { get; init; }
    public double? Ssim { get; init; }
    public double? SsimSkimage { get; init; }
    /// <summary>Fidelity metrics (see the metric registry); null when the run did not compute them or the result failed.</summary>
    public double? MsSsim { get; init; }
    public double? Gmsd { get; init; }
    /// <summary>dB.</summary>
    public double? LrPsnr { get; init; }
    public double? DetailCorr { get; init; }
    public double? DetailRatio { get; init; }
    /// <summary>Why a successful result holds <c>nan</c> for a metric; null otherwise.</summary>
    public string? Note { get; init; }
    public required string Status { get; init; }
    public string? Error { get; init; }
    public DateTime CreatedUtc { get; init; }
    /// <summary>Milliseconds the method took on this image (upsampling only).</summary>
    public double? Milliseconds { get; init; }

    public static StoredResult From(ResultRecord result) => new()
    {
        Id = result.Id,
        RunId = result.RunId,
        ImageId = result.ImageId,
        Method = result.Method,
        Psnr = result.Psnr,
        Ssim = result.Ssim,
        SsimSkimage = result.SsimSkimage,
        MsSsim = result.MsSsim,
        Gmsd = result.Gmsd,
        LrPsnr = result.LrPsnr,
        DetailCorr = result.DetailCorr,
        DetailRatio = result.DetailRatio,
        Note = result.Note,
        Status = result.Status,
        Error = result.Error,
        CreatedUtc = result.CreatedUtc,
        Milliseconds = result.Milliseconds,
    };
}
