using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
    public static unsafe void HalveByBlockMean(GrayImage image, Span<double> dst)
    {
        int w = image.Width / 2, h = image.Height / 2, sw = image.Width;
        if (dst.Length < w * h) throw new ArgumentException($"Expected {w * h} values, got {dst.Length}.", nameof(dst));
        byte[] p = image.Pixels;
        fixed (byte* pixels = p)
        fixed (double* values = dst)
        {
            for (int y = 0; y < h; y++)
            {
                byte* top = pixels + 2L * y * sw, bottom = top + sw;
                double* o = values + (long)y * w;
                int x = 0;
                if (Avx2.IsSupported)
                {
                    // The four bytes summed exactly in 16-bit lanes (vertical pairs, then adjacent columns by a
                    // multiply-add with ones), converted exactly and quartered: the scalar loop's bits.
                    var ones = Vector256.Create((short)1);
                    var quarter = Vector256.Create(0.25);
                    for (; x <= w - 8; x += 8)
                    {
                        var rows = Avx2.Add(Avx2.ConvertToVector256Int16(top + 2 * x), Avx2.ConvertToVector256Int16(bottom + 2 * x));
                        Vector256<int> sums = Avx2.MultiplyAddAdjacent(rows, ones);
                        Avx.Store(o + x, Avx.Multiply(Avx.ConvertToVector256Double(sums.GetLower()), quarter));
                        Avx.Store(o + x + 4, Avx.Multiply(Avx.ConvertToVector256Double(sums.GetUpper()), quarter));
                    }
                }
                for (; x < w; x++)
                    o[x] = (top[2 * x] + top[2 * x + 1] + bottom[2 * x] + bottom[2 * x + 1]) * 0.25;
            }
        }
    }

    /// <summary>2×2 block mean over the top-left even-sized region (an odd last row or column is dropped), giving
    /// ⌊W/2⌋ × ⌊H/2⌋. Exact for inputs that are multiples of 4⁻ᵏ below 256, as every level of the pyramids here is:
    /// the four-term sum and the quartering are then free of rounding, so the order of the terms does not matter.</summary>
    public GrayPlane HalveByBlockMean() => HalveByBlockMean(new double[(Width / 2) * (Height / 2)]);

    /// <summary>As <see cref="HalveByBlockMean()"/>, into the start of <paramref name="dst"/>.</summary>
    public unsafe GrayPlane HalveByBlockMean(double[] dst)
    {
        int w = Width / 2, h = Height / 2, sw = Width;
        if (dst.Length < w * h) throw new ArgumentException($"Expected {w * h} values, got {dst.Length}.", nameof(dst));
        fixed (double* src = Values)
        fixed (double* values = dst)
        {
            for (int y = 0; y < h; y++)
            {
                double* top = src + 2L * y * sw, bottom = top + sw, o = values + (long)y * w;
                int x = 0;
                if (Avx2.IsSupported)
                {
                    // Vertical pairs, then adjacent columns (HorizontalAdd gives t0+t1, b0+b1, t2+t3, b2+b3 across
                    // the two 128-bit halves; Permute4x64 puts them in order). The sums are exact (see above), so
                    // the order of the terms does not matter: the scalar loop's bits.
                    var quarter = Vector256.Create(0.25);
                    for (; x <= w - 4; x += 4)
                    {
                        var first = Avx.Add(Avx.LoadVector256(top + 2 * x), Avx.LoadVector256(bottom + 2 * x));
                        var second = Avx.Add(Avx.LoadVector256(top + 2 * x + 4), Avx.LoadVector256(bottom + 2 * x + 4));
                        var pairs = Avx2.Permute4x64(Avx.HorizontalAdd(first, second), 0b11_01_10_00);
                        Avx.Store(o + x, Avx.Multiply(pairs, quarter));
                    }
                }
                for (; x < w; x++)
                    o[x] = (top[2 * x] + top[2 * x + 1] + bottom[2 * x] + bottom[2 * x + 1]) * 0.25;
            }
        }
        return new GrayPlane(w, h, dst);
    }
}
