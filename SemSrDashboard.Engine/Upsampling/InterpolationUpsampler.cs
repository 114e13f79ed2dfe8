using OpenCvSharp;
using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Upsampling;

/// <summary>Classical interpolation with OpenCV's <c>resize</c> on 8-bit data (results rounded and saturated by
/// OpenCV). <c>bicubic</c> (INTER_CUBIC, a = −0.75) is the baseline every run evaluates.</summary>
public sealed class InterpolationUpsampler : IUpsampler
{
    public const string Bicubic = "bicubic";

    /// <summary>Method id → OpenCV interpolation flag.</summary>
    public static readonly IReadOnlyDictionary<string, InterpolationFlags> Methods =
        new Dictionary<string, InterpolationFlags>(StringComparer.Ordinal)
        {
            [Bicubic] = InterpolationFlags.Cubic,
            ["bilinear"] = InterpolationFlags.Linear,
            ["lanczos"] = InterpolationFlags.Lanczos4,
            ["nearest"] = InterpolationFlags.Nearest,
        };

    private readonly InterpolationFlags _flag;

    public InterpolationUpsampler(string id)
    {
        if (!Methods.TryGetValue(id, out _flag))
            throw new ArgumentException($"Unknown interpolation '{id}'.", nameof(id));
        Id = id;
    }

    public string Id { get; }
    public bool IsInterpolation => true;
    public bool IsThreadSafe => true;

    public GrayImage Upsample(GrayImage lowResolution, int scale)
    {
        using var src = ImageLoader.ToMat(lowResolution);
        using var dst = new Mat();
        Cv2.Resize(src, dst, new Size(lowResolution.Width * scale, lowResolution.Height * scale), 0, 0, _flag);
        return ImageLoader.ToGrayImage(dst);
    }

    public void Dispose() { }
}
