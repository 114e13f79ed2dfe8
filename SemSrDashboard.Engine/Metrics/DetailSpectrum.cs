using OpenCvSharp;
using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>
/// The 2-D DFT (no window, no normalisation) of an 8-bit image minus its own mean, float64, by OpenCV's <c>dft</c>
/// (any size), in two layouts: <see cref="HalfTransposed"/> for the band sums of the metrics and OpenCV's packed CCS
/// layout (<see cref="Packed"/>) for the band-passed images of the invented-detail map.
/// </summary>
internal static class DetailSpectrum
{
    /// <summary>F[ky, kx] for kx = 0 … ⌊W/2⌋ (the half a real input determines; the rest are conjugates of these) and
    /// every ky, stored transposed: a new (⌊W/2⌋ + 1) × H CV_64FC2 Mat whose row kx holds column kx of the spectrum.
    /// The caller disposes it.</summary>
    /// <remarks>Rows are transformed (real input), then the stored columns (complex), each pass split in two halves
    /// that run on two cores; every value is computed the same way whatever the split.</remarks>
    public static Mat HalfTransposed(GrayImage image)
    {
        int w = image.Width, h = image.Height, columns = w / 2 + 1;
        using var plane = Centred(image);
        using var rows = new Mat(h, w, MatType.CV_64FC2);
        InHalves(h, (first, last) =>
        {
            using var src = plane.RowRange(first, last);
            using var dst = rows.RowRange(first, last);
            Cv2.Dft(src, dst, DftFlags.Rows | DftFlags.ComplexOutput);
        });
        var spectrum = new Mat(columns, h, MatType.CV_64FC2);
        InHalves(columns, (first, last) =>
        {
            using var src = rows.ColRange(first, last);
            using var dst = spectrum.RowRange(first, last);
            Cv2.Transpose(src, dst);
            Cv2.Dft(dst, dst, DftFlags.Rows);
        });
        return spectrum;
    }

    /// <summary>The whole 2-D transform in OpenCV's packed real (CCS) layout, a new W × H CV_64FC1 Mat.</summary>
    public static Mat Packed(GrayImage image)
    {
        var plane = Centred(image);
        Cv2.Dft(plane, plane); // in place; real input gives the packed real output
        return plane;
    }

    /// <summary><see cref="HalfTransposed"/> as a managed array of (re, im) pairs (for a spectrum that is kept).</summary>
    public static double[] ToArray(GrayImage image)
    {
        using var spectrum = HalfTransposed(image);
        return View(spectrum).ToArray();
    }

    /// <summary>The values of a continuous float64 Mat, valid while it lives.</summary>
    public static unsafe ReadOnlySpan<double> View(Mat spectrum) =>
        new((void*)spectrum.Data, checked((int)spectrum.Total() * spectrum.Channels()));

    /// <summary>The image minus its mean as a new CV_64FC1 Mat. The sum is exact and rounded once: the correctly
    /// rounded mean, as numpy's mean of integer-valued float64 data.</summary>
    private static unsafe Mat Centred(GrayImage image)
    {
        int n = image.Pixels.Length;
        byte[] p = image.Pixels;
        long sum = 0;
        foreach (byte v in p) sum += v;
        double mean = (double)sum / n;
        var plane = new Mat(image.Height, image.Width, MatType.CV_64FC1);
        var values = new Span<double>((void*)plane.Data, n);
        for (int i = 0; i < n; i++) values[i] = p[i] - mean;
        return plane;
    }

    /// <summary>work(0, n/2) and work(n/2, n) side by side (one call for n &lt; 64, where threads cost more).</summary>
    private static void InHalves(int n, Action<int, int> work)
    {
        if (n < 64)
        {
            work(0, n);
            return;
        }
        int middle = n / 2;
        Parallel.Invoke(() => work(0, middle), () => work(middle, n));
    }
}
