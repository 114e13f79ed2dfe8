using OpenCvSharp;
using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>
/// The 2-D DFT (no window, no normalisation) of an 8-bit image minus its own mean, float64, by OpenCV's real-input
/// <c>dft</c> (any size) in its packed CCS layout: W·H real numbers that hold the half of the spectrum a real input
/// determines (see <see cref="DetailBand"/> for where each value lies).
/// </summary>
internal static class DetailSpectrum
{
    /// <summary>The packed spectrum in a new CV_64FC1 Mat of the image's size; the caller disposes it.</summary>
    public static unsafe Mat Transform(GrayImage image)
    {
        int n = image.Pixels.Length;
        byte[] p = image.Pixels;
        long sum = 0;
        foreach (byte v in p) sum += v;
        // Exact sum, one rounding: the correctly rounded mean, as numpy's mean of integer-valued float64 data.
        double mean = (double)sum / n;
        var plane = new Mat(image.Height, image.Width, MatType.CV_64FC1);
        var values = new Span<double>((void*)plane.Data, n);
        for (int i = 0; i < n; i++) values[i] = p[i] - mean;
        Cv2.Dft(plane, plane); // in place; real input gives the packed real output
        return plane;
    }

    /// <summary>The packed spectrum as a managed array (for a spectrum that is kept).</summary>
    public static double[] ToArray(GrayImage image)
    {
        using var spectrum = Transform(image);
        return View(spectrum).ToArray();
    }

    /// <summary>The values of a continuous CV_64FC1 Mat, valid while it lives.</summary>
    public static unsafe ReadOnlySpan<double> View(Mat spectrum) =>
        new((void*)spectrum.Data, spectrum.Rows * spectrum.Cols);
}
