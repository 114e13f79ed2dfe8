using OpenCvSharp;
using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>
/// The 2-D DFT (no window, no normalisation) of an 8-bit image minus its own mean, float64, by OpenCV's <c>dft</c>
/// (any size), in two layouts: the low-frequency columns of the half spectrum, transposed
/// (<see cref="LowHalfTransposed"/>), for the band sums of the metrics, and OpenCV's packed CCS layout
/// (<see cref="Packed"/>) for the band-passed images of the invented-detail map.
/// </summary>
internal static class DetailSpectrum
{
    /// <summary>Stored columns kx = 0 … <paramref name="columns"/> − 1 of the half spectrum (kx ≤ ⌊W/2⌋, the half a
    /// real input determines; the rest are conjugates of these) for every ky, transposed, into
    /// <paramref name="spectrum"/> (<paramref name="columns"/>·H pairs (re, im)): row kx holds column kx of the
    /// spectrum.</summary>
    /// <remarks>Rows are transformed in place (real input, packed output); the first <paramref name="columns"/>
    /// coefficients of every row are unpacked into the transposed array, whose rows (the stored columns) are then
    /// transformed (complex). Only the columns asked for are transformed: the metrics need the low-frequency columns
    /// (a quarter of them at ×2, an eighth at ×4; see <see cref="DetailBand"/>). One thread; the row buffer is this
    /// thread's, reused for images up to <see cref="ReusedPlanePixels"/> pixels.</remarks>
    public static unsafe void LowHalfTransposed(GrayImage image, int columns, Span<double> spectrum)
    {
        int w = image.Width, h = image.Height;
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(columns, w / 2 + 1);
        if (spectrum.Length != 2 * columns * h)
            throw new ArgumentException($"Expected {2 * columns * h} values, got {spectrum.Length}.", nameof(spectrum));
        bool reuse = (long)w * h <= ReusedPlanePixels;
        Mat plane = reuse ? ThreadPlane(w, h) : new Mat(h, w, MatType.CV_64FC1);
        try
        {
            Centre(image, plane);
            // Rows in place, each in OpenCV's packed real layout: re(0), (re, im) of kx = 1 … ⌈W/2⌉ − 1, re(W/2) for even W.
            Cv2.Dft(plane, plane, DftFlags.Rows);
            fixed (double* values = spectrum)
            {
                using var transposed = Mat.FromPixelData(columns, h, MatType.CV_64FC2, (IntPtr)values);
                Unpack(plane, transposed, 0, columns);
                Cv2.Dft(transposed, transposed, DftFlags.Rows);
            }
        }
        finally
        {
            if (!reuse) plane.Dispose();
        }
    }

    /// <summary>Largest image (pixels) whose row buffer a thread keeps between calls: 4 megapixels, 32 MiB.</summary>
    public const long ReusedPlanePixels = 4L << 20;

    [ThreadStatic] private static Mat? t_plane;

    private static Mat ThreadPlane(int w, int h)
    {
        if (t_plane is { } kept && kept.Cols == w && kept.Rows == h) return kept;
        t_plane?.Dispose();
        return t_plane = new Mat(h, w, MatType.CV_64FC1);
    }

    /// <summary>Rows kx ∈ [first, last) of the transposed half spectrum from the packed row transforms: element ky of
    /// row kx is row ky's coefficient kx as (re, im).</summary>
    private static unsafe void Unpack(Mat packedRows, Mat spectrum, int first, int last)
    {
        int w = packedRows.Cols, h = packedRows.Rows;
        double* src = (double*)packedRows.Data;
        double* dst = (double*)spectrum.Data;
        // Blocks of rows: the block's leading values stay in cache while every column is copied out of them.
        const int blockRows = 16;
        for (int ky0 = 0; ky0 < h; ky0 += blockRows)
        {
            int ky1 = Math.Min(h, ky0 + blockRows);
            for (int kx = first; kx < last; kx++)
            {
                double* row = dst + (long)kx * h * 2;
                bool realOnly = kx == 0 || (w % 2 == 0 && kx == w / 2);
                int reAt = kx == 0 ? 0 : realOnly ? w - 1 : 2 * kx - 1;
                for (int ky = ky0; ky < ky1; ky++)
                {
                    double* p = src + (long)ky * w;
                    row[2 * ky] = p[reAt];
                    row[2 * ky + 1] = realOnly ? 0 : p[reAt + 1];
                }
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

    /// <summary><see cref="LowHalfTransposed"/> into a new managed array (for a spectrum that is kept).</summary>
    public static double[] ToArray(GrayImage image, int columns)
    {
        var values = new double[2 * columns * image.Height];
        LowHalfTransposed(image, columns, values);
        return values;
    }

    /// <summary>The image minus its mean as a new CV_64FC1 Mat.</summary>
    private static Mat Centred(GrayImage image)
    {
        var plane = new Mat(image.Height, image.Width, MatType.CV_64FC1);
        Centre(image, plane);
        return plane;
    }

    /// <summary>Writes the image minus its mean into an H × W CV_64FC1 Mat. The sum is exact and rounded once: the
    /// correctly rounded mean, as numpy's mean of integer-valued float64 data.</summary>
    private static unsafe void Centre(GrayImage image, Mat plane)
    {
        int n = image.Pixels.Length;
        byte[] p = image.Pixels;
        long sum = 0;
        foreach (byte v in p) sum += v;
        double mean = (double)sum / n;
        var values = new Span<double>((void*)plane.Data, n);
        for (int i = 0; i < n; i++) values[i] = p[i] - mean;
    }
}
