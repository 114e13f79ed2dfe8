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
    /// <remarks>Rows are transformed in place (real input, packed output), unpacked into the transposed half, whose
    /// rows (the stored columns) are then transformed (complex); each pass is split in two halves that run on two
    /// cores, and every value is computed the same way whatever the split. Memory: two float64 values per pixel at
    /// the peak (the centred image and the half spectrum).</remarks>
    public static Mat HalfTransposed(GrayImage image)
    {
        int w = image.Width, h = image.Height, columns = w / 2 + 1;
        var spectrum = new Mat(columns, h, MatType.CV_64FC2);
        using (var plane = Centred(image))
        {
            // Rows in place, each in OpenCV's packed real layout: re(0), (re, im) of kx = 1 … ⌈W/2⌉ − 1, re(W/2) for even W.
            InHalves(h, (first, last) =>
            {
                using var rows = plane.RowRange(first, last);
                Cv2.Dft(rows, rows, DftFlags.Rows);
            });
            InHalves(columns, (first, last) => Unpack(plane, spectrum, first, last));
        }
        InHalves(columns, (first, last) =>
        {
            using var stored = spectrum.RowRange(first, last);
            Cv2.Dft(stored, stored, DftFlags.Rows);
        });
        return spectrum;
    }

    /// <summary>Rows kx ∈ [first, last) of the transposed half spectrum from the packed row transforms: element ky of
    /// row kx is row ky's coefficient kx as (re, im).</summary>
    private static unsafe void Unpack(Mat packedRows, Mat spectrum, int first, int last)
    {
        int w = packedRows.Cols, h = packedRows.Rows;
        double* src = (double*)packedRows.Data;
        double* dst = (double*)spectrum.Data;
        for (int kx = first; kx < last; kx++)
        {
            double* row = dst + (long)kx * h * 2;
            bool realOnly = kx == 0 || (w % 2 == 0 && kx == w / 2);
            int reAt = kx == 0 ? 0 : realOnly ? w - 1 : 2 * kx - 1;
            for (int ky = 0; ky < h; ky++)
            {
                double* p = src + (long)ky * w;
                row[2 * ky] = p[reAt];
                row[2 * ky + 1] = realOnly ? 0 : p[reAt + 1];
            }
        }
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
