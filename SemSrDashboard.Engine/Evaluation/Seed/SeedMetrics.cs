using System.Runtime.CompilerServices;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;

namespace SemSrDashboard.Engine.Evaluation.Seed;

/// <summary>
/// PSNR and SSIM exactly as the original study computed them with scikit-image 0.19:
/// <c>peak_signal_noise_ratio(image_uint8, output_float32)</c> and
/// <c>structural_similarity(image_uint8, output_float32, win_size=3)</c>, where both arrays are H×W×3 RGB.
/// </summary>
/// <remarks>
/// <para>Inputs: <c>referenceRgb</c> is the uint8 reference and <c>outputRgb</c> the float32 network output, both
/// interleaved row-major H×W×3 (HWC, R,G,B). The output is taken as is: not rounded and not clipped, so values
/// slightly outside 0–255 count as they are.</para>
/// <para>Data range: in both calls scikit-image derives it from the dtype of the <em>first</em> argument (uint8),
/// giving 255, and only emits a "mismatched dtype" warning. (Passing the float32 array first would have given a range
/// of 2 from float's nominal −1..1.) For PSNR the rule is <c>dmax</c> = 255 because the uint8 reference is never
/// negative; for SSIM it is <c>dmax − dmin</c> = 255.</para>
/// <para>PSNR: <c>10·log10(255² / MSE)</c>, MSE the float64 mean of (ref − out)² over all H·W·3 samples (scikit-image
/// promotes the uint8/float32 pair to float64 before subtracting). Units dB; identical data gives +∞.</para>
/// <para>SSIM: without <c>channel_axis</c>, scikit-image 0.19 treats the H×W×3 array as a 3-D volume. The window is a
/// 3×3×3 uniform cube (N = 27) that also spans the colour axis, variances use the sample covariance (×27/26), and
/// C1 = (0.01·255)², C2 = (0.03·255)². The SSIM map is cropped by 1 along every axis, including the colour axis, so
/// the mean is taken over the (H−2)×(W−2) interior of the middle (G) plane only; each of those windows covers all
/// three channels of a 3×3 neighbourhood, so R and B still enter the statistics. Reflect padding never reaches the
/// kept values. Arithmetic in float64 (uint8 inputs give float64 in scikit-image). Requires H, W ≥ 3.</para>
/// </remarks>
public static class SeedMetrics
{
    private const int N = 27;

    /// <summary>Seed-protocol PSNR in dB (data range 255, MSE over all three channels).</summary>
    /// <exception cref="ArgumentException">Array lengths do not match <c>width·height·3</c>, or the image is empty.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // metric kernels run few times: skip tier-0 code
    public static double Psnr(byte[] referenceRgb, float[] outputRgb, int width, int height)
    {
        Check(referenceRgb, outputRgb, width, height, 1);
        double total = 0;
        int rowLen = 3 * width;
        for (int y = 0; y < height; y++)
        {
            // Per-row partial sums keep the float64 round-off small for large images.
            double rowSum = 0;
            int o = y * rowLen;
            for (int i = o; i < o + rowLen; i++)
            {
                double d = referenceRgb[i] - (double)outputRgb[i];
                rowSum += d * d;
            }
            total += rowSum;
        }
        double mse = total / ((double)rowLen * height);
        return mse == 0 ? double.PositiveInfinity : 10.0 * Math.Log10(255.0 * 255.0 / mse);
    }

    /// <summary>Seed-protocol SSIM (3×3×3 uniform window over the H×W×3 volume, middle plane averaged).</summary>
    /// <exception cref="ArgumentException">Array lengths do not match <c>width·height·3</c>, or a side is under 3.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // metric kernels run few times: skip tier-0 code
    public static double Ssim(byte[] referenceRgb, float[] outputRgb, int width, int height)
    {
        Check(referenceRgb, outputRgb, width, height, 3);
        int ow = width - 2, oh = height - 2;
        int rowLen = 3 * width;
        // Ring of 3 input rows of 9-sample (3 pixels × 3 channels) horizontal sums, 5 quantities each.
        var ring = new double[3 * 5 * ow];
        double c1 = Metrics.Ssim.C1, c2 = Metrics.Ssim.C2;
        const double covNorm = N / (N - 1.0);
        double total = 0;
        for (int iy = 0; iy < height; iy++)
        {
            int src = iy * rowLen;
            int slot = (iy % 3) * 5 * ow;
            for (int c = 0; c < ow; c++)
            {
                // Window columns c..c+2 (centre c+1) = interleaved samples 3c .. 3c+8.
                double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
                int s0 = src + 3 * c;
                for (int k = 0; k < 9; k++)
                {
                    double va = referenceRgb[s0 + k], vb = outputRgb[s0 + k];
                    sx += va; sy += vb; sxx += va * va; syy += vb * vb; sxy += va * vb;
                }
                ring[slot + c] = sx;
                ring[slot + ow + c] = sy;
                ring[slot + 2 * ow + c] = sxx;
                ring[slot + 3 * ow + c] = syy;
                ring[slot + 4 * ow + c] = sxy;
            }
            if (iy < 2) continue;
            int r0 = 0, r1 = 5 * ow, r2 = 10 * ow;
            double rowSum = 0;
            for (int c = 0; c < ow; c++)
            {
                double mx = (ring[r0 + c] + ring[r1 + c] + ring[r2 + c]) / N;
                double my = (ring[r0 + ow + c] + ring[r1 + ow + c] + ring[r2 + ow + c]) / N;
                double mxx = (ring[r0 + 2 * ow + c] + ring[r1 + 2 * ow + c] + ring[r2 + 2 * ow + c]) / N;
                double myy = (ring[r0 + 3 * ow + c] + ring[r1 + 3 * ow + c] + ring[r2 + 3 * ow + c]) / N;
                double mxy = (ring[r0 + 4 * ow + c] + ring[r1 + 4 * ow + c] + ring[r2 + 4 * ow + c]) / N;
                rowSum += Metrics.Ssim.SsimValue(mx, my, covNorm * (mxx - mx * mx) + covNorm * (myy - my * my),
                    covNorm * (mxy - mx * my), c1, c2);
            }
            total += rowSum;
        }
        return total / ((double)ow * oh);
    }

    private static void Check(byte[] referenceRgb, float[] outputRgb, int width, int height, int minSide)
    {
        ArgumentNullException.ThrowIfNull(referenceRgb);
        ArgumentNullException.ThrowIfNull(outputRgb);
        if (width < minSide || height < minSide)
            throw new ArgumentException($"Image {width}×{height} is smaller than {minSide}×{minSide}.", nameof(width));
        long n = 3L * width * height;
        if (referenceRgb.Length != n)
            throw new ArgumentException($"Expected {n} reference samples (H×W×3), got {referenceRgb.Length}.", nameof(referenceRgb));
        if (outputRgb.Length != n)
            throw new ArgumentException($"Expected {n} output samples (H×W×3), got {outputRgb.Length}.", nameof(outputRgb));
    }
}
