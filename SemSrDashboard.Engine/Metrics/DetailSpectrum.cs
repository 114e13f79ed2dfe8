using System.Numerics;
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
    /// <remarks>Rows are transformed in blocks of <see cref="BlockRows"/> (real input, packed output), and the first
    /// <paramref name="columns"/> coefficients of each row are unpacked into the transposed array while the block is
    /// still in cache; the transposed rows (the stored columns) are then transformed (complex). Only the columns asked
    /// for are transformed: the metrics need the low-frequency columns (a quarter of them at ×2, an eighth at ×4; see
    /// <see cref="DetailBand"/>). Memory besides <paramref name="spectrum"/>: one block of rows, this thread's, reused
    /// (<see cref="BlockRows"/> × W float64: 256 KiB for a 1024-wide image, 2 MiB for 8192). One thread; every row
    /// is transformed alone, so the blocks change no bit.</remarks>
    public static void LowHalfTransposed(GrayImage image, int columns, Span<double> spectrum) =>
        LowHalfTransposed(image, PixelSums.Of(image.Pixels), columns, spectrum);

    /// <summary>As <see cref="LowHalfTransposed(GrayImage, int, Span{double})"/> with the image's
    /// <see cref="PixelSums"/> already known (its mean is Σx/N, as <see cref="Mean"/> computes it).</summary>
    public static unsafe void LowHalfTransposed(GrayImage image, PixelSums sums, int columns, Span<double> spectrum)
    {
        int w = image.Width, h = image.Height;
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(columns, w / 2 + 1);
        if (spectrum.Length != 2 * columns * h)
            throw new ArgumentException($"Expected {2 * columns * h} values, got {spectrum.Length}.", nameof(spectrum));
        if (sums.Count != image.Pixels.Length)
            throw new ArgumentException("The sums are not this image's.", nameof(sums));
        double mean = (double)sums.Sum / sums.Count;
        Mat block = ThreadBlock(w);
        fixed (double* values = spectrum)
        {
            using var transposed = Mat.FromPixelData(columns, h, MatType.CV_64FC2, (IntPtr)values);
            for (int y0 = 0; y0 < h; y0 += BlockRows)
            {
                int rows = Math.Min(BlockRows, h - y0);
                using var part = block.RowRange(0, rows);
                Centre(image, mean, y0, part);
                // In place, each row in OpenCV's packed real layout: re(0), (re, im) of kx = 1 … ⌈W/2⌉ − 1, re(W/2) for even W.
                Cv2.Dft(part, part, DftFlags.Rows);
                Unpack(part, y0, transposed, columns);
            }
            Cv2.Dft(transposed, transposed, DftFlags.Rows);
        }
    }

    /// <summary>Image rows per transformed block: 32 rows of a 1024-wide image fill 256 KiB, within the L2 cache.</summary>
    public const int BlockRows = 32;

    [ThreadStatic] private static Mat? t_block;

    private static Mat ThreadBlock(int w)
    {
        if (t_block is { } kept && kept.Cols == w) return kept;
        t_block?.Dispose();
        return t_block = new Mat(BlockRows, w, MatType.CV_64FC1);
    }

    /// <summary>Columns kx &lt; <paramref name="columns"/> of a block of packed row transforms (image rows
    /// <paramref name="firstRow"/> …) into the transposed half spectrum: element ky of row kx is row ky's
    /// coefficient kx as (re, im).</summary>
    private static unsafe void Unpack(Mat packedRows, int firstRow, Mat spectrum, int columns)
    {
        int w = packedRows.Cols, rows = packedRows.Rows, h = spectrum.Cols;
        double* src = (double*)packedRows.Data;
        double* dst = (double*)spectrum.Data;
        for (int kx = 0; kx < columns; kx++)
        {
            double* row = dst + ((long)kx * h + firstRow) * 2;
            bool realOnly = kx == 0 || (w % 2 == 0 && kx == w / 2);
            int reAt = kx == 0 ? 0 : realOnly ? w - 1 : 2 * kx - 1;
            for (int r = 0; r < rows; r++)
            {
                double* p = src + (long)r * w;
                row[2 * r] = p[reAt];
                row[2 * r + 1] = realOnly ? 0 : p[reAt + 1];
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
        Centre(image, Mean(image), 0, plane);
        return plane;
    }

    /// <summary>The correctly rounded mean: the sum is exact and rounded once, as numpy's mean of integer-valued
    /// float64 data.</summary>
    private static double Mean(GrayImage image)
    {
        long sum = 0;
        foreach (byte v in image.Pixels) sum += v;
        return (double)sum / image.Pixels.Length;
    }

    /// <summary>Writes rows <paramref name="firstRow"/> … of the image minus <paramref name="mean"/> into a
    /// continuous CV_64FC1 Mat of the image's width (as many rows as it has).</summary>
    private static unsafe void Centre(GrayImage image, double mean, int firstRow, Mat rows)
    {
        int n = rows.Rows * image.Width;
        var source = image.Pixels.AsSpan(firstRow * image.Width, n);
        var values = new Span<double>((void*)rows.Data, n);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // Bytes widened to float64 exactly (see ToDouble), then one subtraction each: the scalar loop's bits.
            var vMean = new Vector<double>(mean);
            int quarter = Vector<uint>.Count;
            for (; i <= n - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                Vector.Widen(new Vector<byte>(source.Slice(i)), out Vector<ushort> low, out Vector<ushort> high);
                Vector.Widen(low, out Vector<uint> q0, out Vector<uint> q1);
                Vector.Widen(high, out Vector<uint> q2, out Vector<uint> q3);
                StoreQuarter(q0, vMean, values.Slice(i));
                StoreQuarter(q1, vMean, values.Slice(i + quarter));
                StoreQuarter(q2, vMean, values.Slice(i + 2 * quarter));
                StoreQuarter(q3, vMean, values.Slice(i + 3 * quarter));
            }
        }
        for (; i < n; i++) values[i] = source[i] - mean;
    }

    private static void StoreQuarter(Vector<uint> quarter, Vector<double> mean, Span<double> values)
    {
        Vector.Widen(quarter, out Vector<ulong> a, out Vector<ulong> b);
        (ToDouble(a) - mean).CopyTo(values);
        (ToDouble(b) - mean).CopyTo(values.Slice(Vector<double>.Count));
    }

    /// <summary>Small unsigned integers (below 2^52) as float64 without a scalar conversion: 2^52 + v has v in its
    /// low mantissa bits, exactly.</summary>
    private static Vector<double> ToDouble(Vector<ulong> v) =>
        Vector.AsVectorDouble(v | new Vector<ulong>(0x4330000000000000UL)) - new Vector<double>(4503599627370496.0);
}
