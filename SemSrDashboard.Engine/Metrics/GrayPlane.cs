using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>A float64 grey image in row-major order (row stride = width), on the 0–255 scale.</summary>
internal sealed class GrayPlane
{
    public GrayPlane(int width, int height, double[] values)
    {
        if (values.Length != (long)width * height)
            throw new ArgumentException($"Expected {width * (long)height} values, got {values.Length}.", nameof(values));
        Width = width;
        Height = height;
        Values = values;
    }

    public int Width { get; }
    public int Height { get; }
    public double[] Values { get; }

    /// <summary>The 8-bit pixels as float64 (exact).</summary>
    public static GrayPlane FromImage(GrayImage image)
    {
        var values = new double[image.Pixels.Length];
        byte[] p = image.Pixels;
        for (int i = 0; i < values.Length; i++) values[i] = p[i];
        return new GrayPlane(image.Width, image.Height, values);
    }

    /// <summary>2×2 block mean over the top-left even-sized region (an odd last row or column is dropped), giving
    /// ⌊W/2⌋ × ⌊H/2⌋. Exact for inputs that are multiples of 4⁻ᵏ below 256, as every level of the pyramids here is:
    /// the four-term sum and the quartering are then free of rounding, so the order of the terms does not matter.</summary>
    public GrayPlane HalveByBlockMean()
    {
        int w = Width / 2, h = Height / 2, sw = Width;
        var src = Values;
        var dst = new double[w * h];
        for (int y = 0; y < h; y++)
        {
            int top = 2 * y * sw, bottom = top + sw, o = y * w;
            for (int x = 0; x < w; x++)
                dst[o + x] = (src[top + 2 * x] + src[top + 2 * x + 1] + src[bottom + 2 * x] + src[bottom + 2 * x + 1]) * 0.25;
        }
        return new GrayPlane(w, h, dst);
    }
}
