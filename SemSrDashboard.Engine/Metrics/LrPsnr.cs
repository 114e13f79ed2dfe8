using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>
/// Low-resolution consistency: whether the output explains the input the method received.
/// </summary>
/// <remarks>
/// <para>Convention: the 8-bit output is shrunk by the run's own degradation (<see cref="Degrader.Downscale"/>,
/// OpenCV <c>INTER_AREA</c>, ÷ scale) and compared with the low-resolution input by <see cref="Psnr"/>
/// (10·log10(255²/MSE) in dB over every pixel). Higher is better; +∞ when the shrunk output equals the input.</para>
/// </remarks>
public static class LrPsnr
{
    /// <summary>LR-consistency PSNR in dB.</summary>
    /// <exception cref="ArgumentException">The output is not <paramref name="scale"/> times the input's size.</exception>
    public static double Compute(GrayImage output, GrayImage lrInput, int scale)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(lrInput);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        if (output.Width != lrInput.Width * scale || output.Height != lrInput.Height * scale)
            throw new ArgumentException(
                $"Output {output.Width}×{output.Height} is not {scale}× the input {lrInput.Width}×{lrInput.Height}.",
                nameof(output));
        return Psnr.Compute(lrInput, Degrader.Downscale(output, scale));
    }
}
