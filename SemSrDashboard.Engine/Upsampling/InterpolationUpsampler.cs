using OpenCvSharp;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Upsampling;

/// <summary>Classical interpolation with OpenCV's <c>resize</c> on 8-bit data (results rounded and saturated by
/// OpenCV). <c>bicubic</c> (INTER_CUBIC, a = −0.75) is the baseline every run evaluates.</summary>
public sealed class InterpolationUpsampler : IUpsampler, ISeedUpsampler
{
    /// <summary>Method id → OpenCV interpolation flag.</summary>
    public static readonly IReadOnlyDictionary<string, InterpolationFlags> Methods =
        new Dictionary<string, InterpolationFlags>(StringComparer.Ordinal)
        {
            [MethodIds.Bicubic] = InterpolationFlags.Cubic,
            [MethodIds.Bilinear] = InterpolationFlags.Linear,
            [MethodIds.Lanczos] = InterpolationFlags.Lanczos4,
            [MethodIds.Nearest] = InterpolationFlags.Nearest,
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

    /// <summary>The seed protocol's interpolation: OpenCV <c>resize</c> on the low-resolution image converted to
    /// float32 (values 0–255), so the result is neither rounded nor clipped (bicubic over- and undershoots).</summary>
    public float[] UpsampleRgb(byte[] lowResolutionRgb, int width, int height, int scale)
    {
        using var bytes = Mat.FromPixelData(height, width, MatType.CV_8UC3, lowResolutionRgb);
        using var floats = new Mat();
        bytes.ConvertTo(floats, MatType.CV_32FC3);
        using var dst = new Mat();
        Cv2.Resize(floats, dst, new Size(width * scale, height * scale), 0, 0, _flag);
        var output = new float[width * scale * height * scale * 3];
        System.Runtime.InteropServices.Marshal.Copy(dst.Data, output, 0, output.Length);
        return output;
    }

    public void Dispose() { }
}
