using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>A per-window SSIM map over the valid region of an image pair.</summary>
/// <param name="Width">Map width: image width − 2·<paramref name="Offset"/>.</param>
/// <param name="Height">Map height: image height − 2·<paramref name="Offset"/>.</param>
/// <param name="Offset">Image coordinate of map pixel (0, 0) along each axis (the window radius): map (x, y) is the
/// window centred on image pixel (x + Offset, y + Offset).</param>
/// <param name="Values">Row-major SSIM values, stored as float32 (for display).</param>
/// <param name="Mean">The float64 mean of the map, identical to the corresponding <c>Compute</c> result.</param>
public sealed record SsimMap(int Width, int Height, int Offset, float[] Values, double Mean);

/// <summary>
/// Per-pixel maps for display: SSIM maps from the same kernels as <see cref="Ssim"/> and <see cref="SsimSkimage"/>,
/// and the absolute-difference image.
/// </summary>
/// <remarks>
/// The SSIM maps cover only the valid region (no padded border), so they are smaller than the images by the window
/// size minus one; see <see cref="SsimMap.Offset"/> for the alignment. Unlike the metric functions these allocate
/// a full-size map (4 bytes per pixel).
/// </remarks>
public static class MetricMaps
{
    /// <summary>Gaussian-window SSIM map (11×11, σ = 1.5, population covariance); (W−10)×(H−10), offset 5.</summary>
    /// <exception cref="ArgumentException">Sizes differ, or a side is shorter than 11 pixels.</exception>
    public static SsimMap GaussianSsim(GrayImage reference, GrayImage test)
    {
        MetricGuards.RequireSameSize(reference, test, Ssim.WindowSize);
        int ow = reference.Width - 2 * Ssim.Radius, oh = reference.Height - 2 * Ssim.Radius;
        var values = new float[checked(ow * oh)];
        double mean = Ssim.Run(reference, test, values);
        return new SsimMap(ow, oh, Ssim.Radius, values, mean);
    }

    /// <summary>scikit-image default SSIM map (7×7 box, sample covariance); (W−6)×(H−6), offset 3.</summary>
    /// <exception cref="ArgumentException">Sizes differ, or a side is shorter than 7 pixels.</exception>
    public static SsimMap SkimageSsim(GrayImage reference, GrayImage test)
    {
        MetricGuards.RequireSameSize(reference, test, SsimSkimage.WindowSize);
        const int pad = SsimSkimage.WindowSize / 2;
        int ow = reference.Width - 2 * pad, oh = reference.Height - 2 * pad;
        var values = new float[checked(ow * oh)];
        double mean = SsimSkimage.Run(reference, test, values);
        return new SsimMap(ow, oh, pad, values, mean);
    }

    /// <summary>|reference − test| per pixel, full size, 0–255.</summary>
    /// <exception cref="ArgumentException">The images differ in size.</exception>
    public static GrayImage AbsDifference(GrayImage reference, GrayImage test)
    {
        MetricGuards.RequireSameSize(reference, test, minSide: 0);
        byte[] a = reference.Pixels, b = test.Pixels;
        var d = new byte[a.Length];
        for (int i = 0; i < d.Length; i++) d[i] = (byte)Math.Abs(a[i] - b[i]);
        return new GrayImage(reference.Width, reference.Height, d);
    }
}
