using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>
/// Gradient magnitude similarity deviation (Xue, Zhang, Mou &amp; Bovik 2014).
/// </summary>
/// <remarks>
/// <para>Input: two 8-bit grey images of equal size, as float64 on the 0–255 scale, each first reduced once by the
/// 2×2 block mean over the top-left even-sized region (an odd last row or column is dropped).</para>
/// <para>Prewitt kernels hx = [1 0 −1; 1 0 −1; 1 0 −1]/3 and hy = hxᵀ, valid region only ((W/2 − 2)×(H/2 − 2)
/// positions); m = √(gx² + gy²) per image (the sign convention of the kernels does not enter m);
/// GMS = (2·m_X·m_Y + c)/(m_X² + m_Y² + c) with c = 170; gmsd = population standard deviation of GMS.</para>
/// <para>Unitless, ≥ 0, lower is better; identical (and constant) pairs give 0. <c>nan</c> when the half-size images
/// have a side under 3 pixels.</para>
/// </remarks>
public static class Gmsd
{
    /// <summary>The stabilising constant c (for the 0–255 scale).</summary>
    public const double C = 170;

    /// <summary>GMSD of <paramref name="output"/> against <paramref name="original"/>, or <c>nan</c> when too small.</summary>
    /// <exception cref="ArgumentException">The images differ in size.</exception>
    public static double Compute(GrayImage original, GrayImage output)
    {
        MetricGuards.RequireSameSize(original, output, minSide: 0);
        if (!IsLargeEnough(original.Width, original.Height)) return double.NaN;
        return FromMagnitudes(GradientMagnitude(GrayPlane.FromImage(original).HalveByBlockMean()),
            GradientMagnitude(GrayPlane.FromImage(output).HalveByBlockMean()));
    }

    /// <summary>Whether the half-size images have both sides ≥ 3 (one Prewitt position).</summary>
    public static bool IsLargeEnough(int width, int height) => width / 2 >= 3 && height / 2 >= 3;

    /// <summary>Prewitt gradient magnitude over the valid region of an (already halved) plane, row-major
    /// (W − 2)×(H − 2).</summary>
    internal static double[] GradientMagnitude(GrayPlane p)
    {
        int w = p.Width, ow = w - 2, oh = p.Height - 2;
        double[] v = p.Values;
        var m = new double[ow * oh];
        for (int y = 0; y < oh; y++)
        {
            int r0 = y * w, r1 = r0 + w, r2 = r1 + w;
            for (int x = 0; x < ow; x++)
            {
                // Column sums of the three rows at x and x + 2 (gx), row sums of three columns in rows y and y + 2 (gy).
                double left = v[r0 + x] + v[r1 + x] + v[r2 + x];
                double right = v[r0 + x + 2] + v[r1 + x + 2] + v[r2 + x + 2];
                double top = v[r0 + x] + v[r0 + x + 1] + v[r0 + x + 2];
                double bottom = v[r2 + x] + v[r2 + x + 1] + v[r2 + x + 2];
                double gx = (left - right) / 3, gy = (top - bottom) / 3;
                m[y * ow + x] = Math.Sqrt(gx * gx + gy * gy);
            }
        }
        return m;
    }

    /// <summary>Population standard deviation of the GMS map of two magnitude maps of equal length (two passes).</summary>
    internal static double FromMagnitudes(double[] original, double[] output)
    {
        int n = original.Length;
        var gms = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double a = original[i], b = output[i];
            gms[i] = (2 * a * b + C) / (a * a + b * b + C);
            sum += gms[i];
        }
        double mean = sum / n, squares = 0;
        for (int i = 0; i < n; i++)
        {
            double d = gms[i] - mean;
            squares += d * d;
        }
        return Math.Sqrt(squares / n);
    }
}
