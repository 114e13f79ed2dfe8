using System.Runtime.InteropServices;
using OpenCvSharp;
using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>
/// The 2-D DFT (no window, no normalisation) of an 8-bit image minus its own mean, float64: the half of the
/// spectrum a real input determines, columns 0 … ⌊W/2⌋ of every row, as interleaved (re, im) pairs.
/// </summary>
/// <remarks>Computed with OpenCV's <c>dft</c> (any size) on the real input. The other columns are the complex
/// conjugates of these at the mirrored frequency (−fx, −fy), so sums over the full spectrum are weighted sums over
/// this half (see <see cref="DetailBand"/>).</remarks>
internal sealed class DetailSpectrum
{
    private DetailSpectrum(int width, int height, double[] values)
    {
        Width = width;
        Height = height;
        Values = values;
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>Stored columns per row: ⌊W/2⌋ + 1.</summary>
    public int Columns => Width / 2 + 1;

    /// <summary>Row-major (re, im) pairs, <see cref="Height"/> × <see cref="Columns"/>.</summary>
    public double[] Values { get; }

    public static DetailSpectrum Of(GrayImage image)
    {
        int w = image.Width, h = image.Height, n = w * h;
        byte[] p = image.Pixels;
        long sum = 0;
        foreach (byte v in p) sum += v;
        // Exact sum, one rounding: the correctly rounded mean, as numpy's mean of integer-valued float64 data.
        double mean = (double)sum / n;
        var centred = new double[n];
        for (int i = 0; i < n; i++) centred[i] = p[i] - mean;

        using var plane = new Mat(h, w, MatType.CV_64FC1);
        Marshal.Copy(centred, 0, plane.Data, n);
        using var spectrum = new Mat();
        Cv2.Dft(plane, spectrum, DftFlags.ComplexOutput);

        int columns = w / 2 + 1;
        var values = new double[h * columns * 2];
        for (int y = 0; y < h; y++)
            Marshal.Copy(spectrum.Ptr(y), values, y * columns * 2, columns * 2);
        return new DetailSpectrum(w, h, values);
    }
}
