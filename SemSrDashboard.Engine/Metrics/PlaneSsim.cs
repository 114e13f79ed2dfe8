using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>Means of the Gaussian SSIM map and of its contrast-structure factor over the valid region.</summary>
/// <param name="Ssim">Mean of ((2μxμy + C1)/(μx² + μy² + C1))·cs, unitless.</param>
/// <param name="ContrastStructure">Mean of cs = (2σxy + C2)/(σx² + σy² + C2), unitless.</param>
internal readonly record struct SsimMeans(double Ssim, double ContrastStructure);

/// <summary>
/// The Gaussian SSIM of <see cref="Metrics.Ssim"/> (same 11-tap σ = 1.5 kernel normalised to sum 1, population
/// (co)variances, C1 = (0.01·255)², C2 = (0.03·255)², valid region only) on float64 planes, returning the mean of the
/// contrast-structure factor as well: the per-scale quantity of multi-scale SSIM, whose coarser scales are not 8-bit.
/// </summary>
/// <remarks>Separable filtering of x, y, x² + y² and xy in horizontal strips of a fixed height (processed in
/// parallel and summed in strip order, so the result does not depend on the core count).</remarks>
internal static class PlaneSsim
{
    private const int Radius = Metrics.Ssim.Radius;
    private const int Planes = 4;
    private const int StripRows = 32;

    /// <summary>Means over the (W−10)×(H−10) valid region. Both planes must have equal sizes with sides ≥ 11.</summary>
    public static SsimMeans Compute(GrayPlane x, GrayPlane y)
    {
        if (x.Width != y.Width || x.Height != y.Height)
            throw new ArgumentException("Plane sizes differ.", nameof(y));
        if (x.Width < Metrics.Ssim.WindowSize || x.Height < Metrics.Ssim.WindowSize)
            throw new ArgumentException($"Plane {x.Width}×{x.Height} is smaller than the 11×11 window.", nameof(x));
        int ow = x.Width - 2 * Radius, oh = x.Height - 2 * Radius;
        int strips = (oh + StripRows - 1) / StripRows;
        var ssimSums = new double[strips];
        var csSums = new double[strips];
        MetricGuards.ForEachItem(strips, s =>
        {
            int first = s * StripRows;
            (ssimSums[s], csSums[s]) = SumStrip(x, y, first, Math.Min(oh, first + StripRows));
        });
        return new SsimMeans(MetricGuards.MeanOfStripSums(ssimSums, ow, oh), MetricGuards.MeanOfStripSums(csSums, ow, oh));
    }

    /// <summary>Σ SSIM and Σ cs over output rows [oy0, oy1) (output row oy is centred on plane row oy + 5).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // metric kernels run few times: skip tier-0 code
    private static (double Ssim, double Cs) SumStrip(GrayPlane x, GrayPlane y, int oy0, int oy1)
    {
        int w = x.Width, ow = w - 2 * Radius;
        int rows = oy1 - oy0 + 2 * Radius;
        int planeSize = rows * ow;
        double[] filtered = ArrayPool<double>.Shared.Rent(Planes * planeSize);
        try
        {
            for (int r = 0; r < rows; r++)
                FilterRow(x.Values.AsSpan((oy0 + r) * w, w), y.Values.AsSpan((oy0 + r) * w, w), filtered, r * ow, planeSize);
            double ssim = 0, cs = 0;
            for (int r = 0; r < oy1 - oy0; r++)
            {
                var (s, c) = VerticalRow(filtered, r, ow, planeSize);
                ssim += s;
                cs += c;
            }
            return (ssim, cs);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(filtered);
        }
    }

    /// <summary>Horizontal pass of one plane row: the four filtered quantities at <paramref name="at"/> of each
    /// plane (planes <paramref name="planeSize"/> apart).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FilterRow(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, double[] dst, int at, int planeSize)
    {
        double[] wt = Metrics.Ssim.Weights;
        int ow = xs.Length - 2 * Radius;
        int c = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; c <= ow - Vector<double>.Count; c += Vector<double>.Count)
            {
                Vector<double> mx = default, my = default, mss = default, mxy = default;
                for (int k = 0; k < Metrics.Ssim.WindowSize; k++)
                {
                    var vw = new Vector<double>(wt[k]);
                    var vx = new Vector<double>(xs.Slice(c + k));
                    var vy = new Vector<double>(ys.Slice(c + k));
                    mx = SsimRowQuantities.MultiplyAdd(vw, vx, mx);
                    my = SsimRowQuantities.MultiplyAdd(vw, vy, my);
                    mss = SsimRowQuantities.MultiplyAdd(vw, vx * vx + vy * vy, mss);
                    mxy = SsimRowQuantities.MultiplyAdd(vw, vx * vy, mxy);
                }
                mx.CopyTo(dst, at + c);
                my.CopyTo(dst, planeSize + at + c);
                mss.CopyTo(dst, 2 * planeSize + at + c);
                mxy.CopyTo(dst, 3 * planeSize + at + c);
            }
        }
        for (; c < ow; c++)
        {
            double mx = 0, my = 0, mss = 0, mxy = 0;
            for (int k = 0; k < Metrics.Ssim.WindowSize; k++)
            {
                double vx = xs[c + k], vy = ys[c + k];
                mx += wt[k] * vx;
                my += wt[k] * vy;
                mss += wt[k] * (vx * vx + vy * vy);
                mxy += wt[k] * (vx * vy);
            }
            dst[at + c] = mx;
            dst[planeSize + at + c] = my;
            dst[2 * planeSize + at + c] = mss;
            dst[3 * planeSize + at + c] = mxy;
        }
    }

    /// <summary>Vertical pass for output row <paramref name="r"/> of the strip (filtered rows r … r + 10), then
    /// SSIM and cs per column, summed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (double Ssim, double Cs) VerticalRow(double[] f, int r, int ow, int planeSize)
    {
        double[] wt = Metrics.Ssim.Weights;
        double c1 = Metrics.Ssim.C1, c2 = Metrics.Ssim.C2;
        double ssimSum = 0, csSum = 0;
        int c = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vc1 = new Vector<double>(c1);
            var vc2 = new Vector<double>(c2);
            Vector<double> ssimAcc = default, csAcc = default;
            for (; c <= ow - Vector<double>.Count; c += Vector<double>.Count)
            {
                Vector<double> mx = default, my = default, mss = default, mxy = default;
                for (int k = 0; k < Metrics.Ssim.WindowSize; k++)
                {
                    var vw = new Vector<double>(wt[k]);
                    int i = (r + k) * ow + c;
                    mx = SsimRowQuantities.MultiplyAdd(vw, new Vector<double>(f, i), mx);
                    my = SsimRowQuantities.MultiplyAdd(vw, new Vector<double>(f, planeSize + i), my);
                    mss = SsimRowQuantities.MultiplyAdd(vw, new Vector<double>(f, 2 * planeSize + i), mss);
                    mxy = SsimRowQuantities.MultiplyAdd(vw, new Vector<double>(f, 3 * planeSize + i), mxy);
                }
                var mxmy = mx * my;
                var meanSquares = mx * mx + my * my;
                var cs = ((mxy - mxmy) * 2 + vc2) / (mss - meanSquares + vc2);
                csAcc += cs;
                ssimAcc += (mxmy * 2 + vc1) / (meanSquares + vc1) * cs;
            }
            ssimSum = Vector.Sum(ssimAcc);
            csSum = Vector.Sum(csAcc);
        }
        for (; c < ow; c++)
        {
            double mx = 0, my = 0, mss = 0, mxy = 0;
            for (int k = 0; k < Metrics.Ssim.WindowSize; k++)
            {
                int i = (r + k) * ow + c;
                mx += wt[k] * f[i];
                my += wt[k] * f[planeSize + i];
                mss += wt[k] * f[2 * planeSize + i];
                mxy += wt[k] * f[3 * planeSize + i];
            }
            double mxmy = mx * my, meanSquares = mx * mx + my * my;
            double cs = (2 * (mxy - mxmy) + c2) / (mss - meanSquares + c2);
            csSum += cs;
            ssimSum += (2 * mxmy + c1) / (meanSquares + c1) * cs;
        }
        return (ssimSum, csSum);
    }
}
