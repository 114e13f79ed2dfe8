using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>
/// Structural similarity with scikit-image's default settings: <c>structural_similarity(ref, test, data_range=255)</c>
/// (scikit-image 0.19), i.e. a 7×7 uniform window and the sample covariance.
/// </summary>
/// <remarks>
/// <para>Input: two 8-bit grey images of equal size, at least 7×7; values on the 0–255 scale, data range L = 255.</para>
/// <para>Window: 7×7 box (scipy <c>uniform_filter(size=7)</c>), N = 49. Variances and covariance are the sample
/// estimates: the population value multiplied by N/(N−1) = 49/48. Constants C1 = (0.01·255)², C2 = (0.03·255)².</para>
/// <para>Result: the mean of the SSIM map after cropping 3 pixels from every side, i.e. over the (W−6)×(H−6) window
/// positions lying completely inside the image (scikit-image's reflect padding never reaches those).</para>
/// <para>The window sums are exact integer sums (running sums along rows and down columns) and the variances are
/// formed from them exactly as (N·Σx² − (Σx)²)/(N(N−1)); only the final SSIM ratio is float64. This agrees with
/// scikit-image (which forms the same quantities with float64 round-off) to ~1e-15. Unitless; identical images give 1.</para>
/// <para>Processing is in horizontal strips of output rows (parallel, summed in a fixed order); memory is O(width)
/// per worker.</para>
/// </remarks>
public static class SsimSkimage
{
    /// <summary>Window side length.</summary>
    public const int WindowSize = 7;
    private const int Pad = WindowSize / 2;
    private const int N = WindowSize * WindowSize;

    /// <summary>Mean SSIM (scikit-image defaults) of <paramref name="test"/> against <paramref name="reference"/>.</summary>
    /// <exception cref="ArgumentException">Sizes differ, or a side is shorter than 7 pixels.</exception>
    public static double Compute(GrayImage reference, GrayImage test)
    {
        MetricGuards.RequireSameSize(reference, test, WindowSize);
        return Run(reference, test, map: null);
    }

    internal static double Run(GrayImage reference, GrayImage test, float[]? map)
    {
        int w = reference.Width, h = reference.Height;
        int ow = w - 2 * Pad, oh = h - 2 * Pad;
        var (count, rows) = MetricGuards.Strips(oh, ow);
        var sums = new double[count];
        byte[] a = reference.Pixels, b = test.Pixels;
        if (count == 1)
        {
            sums[0] = SumStrip(a, b, w, 0, oh, new Buffers(ow), map);
        }
        else
        {
            Parallel.For(0, count, () => new Buffers(ow), (s, _, buf) =>
            {
                int oy0 = s * rows;
                sums[s] = SumStrip(a, b, w, oy0, Math.Min(oh, oy0 + rows), buf, map);
                return buf;
            }, _ => { });
        }
        double total = 0;
        foreach (double s in sums) total += s;
        return total / ((double)ow * oh);
    }

    private sealed class Buffers
    {
        public readonly int[] Ring;     // 7 rows × 5 quantities × ow: horizontal window sums
        public readonly int[] Vertical; // 5 quantities × ow: running 7×7 window sums
        public Buffers(int ow)
        {
            Ring = new int[WindowSize * 5 * ow];
            Vertical = new int[5 * ow];
        }
    }

    private static double SumStrip(byte[] a, byte[] b, int w, int oy0, int oy1, Buffers buf, float[]? map)
    {
        int ow = w - 2 * Pad;
        int[] ring = buf.Ring, vs = buf.Vertical;
        Array.Clear(ring);
        Array.Clear(vs);
        double c1 = Ssim.C1, c2 = Ssim.C2;
        const double norm = N * (N - 1.0);
        double total = 0;
        for (int iy = oy0; iy < oy1 + 2 * Pad; iy++)
        {
            int src = iy * w;
            int slot = (iy % WindowSize) * 5 * ow;
            // Running 7-wide sums along the row.
            int hx = 0, hy = 0, hxx = 0, hyy = 0, hxy = 0;
            for (int x = 0; x < WindowSize - 1; x++)
            {
                int va = a[src + x], vb = b[src + x];
                hx += va; hy += vb; hxx += va * va; hyy += vb * vb; hxy += va * vb;
            }
            for (int c = 0; c < ow; c++)
            {
                int va = a[src + c + WindowSize - 1], vb = b[src + c + WindowSize - 1];
                hx += va; hy += vb; hxx += va * va; hyy += vb * vb; hxy += va * vb;
                // Replace the oldest row's contribution in the running column sums (ring slot = iy mod 7).
                ref int r0 = ref ring[slot + c];
                vs[c] += hx - r0; r0 = hx;
                ref int r1 = ref ring[slot + ow + c];
                vs[ow + c] += hy - r1; r1 = hy;
                ref int r2 = ref ring[slot + 2 * ow + c];
                vs[2 * ow + c] += hxx - r2; r2 = hxx;
                ref int r3 = ref ring[slot + 3 * ow + c];
                vs[3 * ow + c] += hyy - r3; r3 = hyy;
                ref int r4 = ref ring[slot + 4 * ow + c];
                vs[4 * ow + c] += hxy - r4; r4 = hxy;
                int pa = a[src + c], pb = b[src + c];
                hx -= pa; hy -= pb; hxx -= pa * pa; hyy -= pb * pb; hxy -= pa * pb;
            }

            int oy = iy - 2 * Pad;
            if (oy < oy0) continue;
            double rowSum = 0;
            for (int c = 0; c < ow; c++)
            {
                long sx = vs[c], sy = vs[ow + c], sxx = vs[2 * ow + c], syy = vs[3 * ow + c], sxy = vs[4 * ow + c];
                double s = Ssim.SsimValue(sx / (double)N, sy / (double)N,
                    (N * sxx - sx * sx) / norm, (N * syy - sy * sy) / norm, (N * sxy - sx * sy) / norm, c1, c2);
                rowSum += s;
                if (map is not null) map[oy * ow + c] = (float)s;
            }
            total += rowSum;
        }
        return total;
    }
}
