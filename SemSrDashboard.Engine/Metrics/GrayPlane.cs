using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>A float64 grey image in row-major order (row stride = width), on the 0–255 scale, in the first
/// width·height values of its array (a pooled array may be longer).</summary>
internal sealed class GrayPlane
{
    public GrayPlane(int width, int height, double[] values)
    {
        if (values.Length < (long)width * height)
            throw new ArgumentException($"Expected {width * (long)height} values, got {values.Length}.", nameof(values));
        Width = width;
        Height = height;
        Values = values;
    }

    public int Width { get; }
    public int Height { get; }
    public double[] Values { get; }

    /// <summary>The 2×2 block mean of an 8-bit image, as <see cref="HalveByBlockMean()"/> of its float64 values.</summary>
    public static GrayPlane HalveByBlockMean(GrayImage image)
    {
        var dst = new double[(image.Width / 2) * (image.Height / 2)];
        HalveByBlockMean(image, dst);
        return new GrayPlane(image.Width / 2, image.Height / 2, dst);
    }

    /// <summary>As <see cref="HalveByBlockMean(GrayImage)"/>, into the first ⌊W/2⌋·⌊H/2⌋ values of <paramref name="dst"/>.</summary>
    public static void HalveByBlockMean(GrayImage image, Span<double> dst)
    {
        int w = image.Width / 2, h = image.Height / 2, sw = image.Width;
        byte[] p = image.Pixels;
        for (int y = 0; y < h; y++)
        {
            int top = 2 * y * sw, bottom = top + sw, o = y * w;
            for (int x = 0; x < w; x++)
                dst[o + x] = (p[top + 2 * x] + p[top + 2 * x + 1] + p[bottom + 2 * x] + p[bottom + 2 * x + 1]) * 0.25;
        }
    }

    /// <summary>2×2 block mean over the top-left even-sized region (an odd last row or column is dropped), giving
    /// ⌊W/2⌋ × ⌊H/2⌋. Exact for inputs that are multiples of 4⁻ᵏ below 256, as every level of the pyramids here is:
    /// the four-term sum and the quartering are then free of rounding, so the order of the terms does not matter.</summary>
    public GrayPlane HalveByBlockMean() => HalveByBlockMean(new double[(Width / 2) * (Height / 2)]);

    /// <summary>As <see cref="HalveByBlockMean()"/>, into the start of <paramref name="dst"/>.</summary>
    public GrayPlane HalveByBlockMean(double[] dst)
    {
        int w = Width / 2, h = Height / 2, sw = Width;
        var src = Values;
        for (int y = 0; y < h; y++)
        {
            int top = 2 * y * sw, bottom = top + sw, o = y * w;
            for (int x = 0; x < w; x++)
                dst[o + x] = (src[top + 2 * x] + src[top + 2 * x + 1] + src[bottom + 2 * x] + src[bottom + 2 * x + 1]) * 0.25;
        }
        return new GrayPlane(w, h, dst);
    }
}
