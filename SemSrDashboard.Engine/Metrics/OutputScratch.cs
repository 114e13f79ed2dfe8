namespace SemSrDashboard.Engine.Metrics;

/// <summary>
/// The work buffers of one output's fidelity metrics at one original's size: the output's MS-SSIM pyramid and the
/// low-frequency columns of its spectrum. A <see cref="FidelityReference"/> keeps one and lends it to each method's
/// output in turn, so an image's methods reuse the same buffers (an 8192² output needs about 300 MiB of them; fresh
/// ones per method would pile up faster than the collector frees them).
/// </summary>
internal sealed class OutputScratch
{
    public OutputScratch(int width, int height, int lowColumns, bool withPyramid)
    {
        Spectrum = new double[2 * lowColumns * height];
        if (!withPyramid) return;
        Pyramid = new double[MsSsim.Scales - 1][];
        int w = width, h = height;
        for (int j = 0; j < Pyramid.Length; j++)
        {
            w /= 2;
            h /= 2;
            Pyramid[j] = new double[w * h];
        }
    }

    /// <summary>Room for the output's spectrum columns (<see cref="DetailSpectrum.LowHalfTransposed"/>).</summary>
    public double[] Spectrum { get; }

    /// <summary>Room for the output's MS-SSIM scales 2 … 5; null when the image is too small for MS-SSIM.</summary>
    public double[][]? Pyramid { get; }
}
