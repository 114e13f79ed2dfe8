using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using OpenCvSharp;
using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>
/// The 2-D DFT (no window, no normalisation) of an 8-bit image minus its own mean, float64, any size, in two layouts:
/// the low-frequency columns of the half spectrum, transposed (<see cref="LowHalfTransposed"/>, by
/// <see cref="ComplexRowTransform"/>: FFTW, or OpenCV's <c>dft</c>), for the band sums of the metrics, and OpenCV's
/// packed CCS layout (<see cref="Packed"/>, OpenCV's <c>dft</c>) for the band-passed images of the invented-detail map.
/// </summary>
internal static class DetailSpectrum
{
    /// <summary>Stored columns kx = 0 … <paramref name="columns"/> − 1 of the half spectrum (kx ≤ ⌊W/2⌋, the half a
    /// real input determines; the rest are conjugates of these) for every ky, transposed, into
    /// <paramref name="spectrum"/> (<paramref name="columns"/>·H pairs (re, im)): row kx holds column kx of the
    /// spectrum.</summary>
    /// <remarks>Two real rows a and b are transformed together as one complex row z = a + i·b (the classic way of
    /// taking two real-input transforms for the price of one complex one: OpenCV's complex row transform of W points
    /// takes about half the time of its real transform of two rows). Z's coefficients give each row's back exactly by
    /// conjugate symmetry: A[k] = (Z[k] + conj Z[W − k])/2, B[k] = (Z[k] − conj Z[W − k])/(2i), for the
    /// <paramref name="columns"/> coefficients needed only (kx = 0 and, for even W, kx = W/2 then come out real, as
    /// they are). Image rows are transformed in blocks of <see cref="BlockRows"/>, and the needed coefficients of each
    /// row are unpacked into the transposed array while the block is still in cache; the transposed rows (the stored
    /// columns) are then transformed (complex). Only the columns asked for are transformed: the metrics need the
    /// low-frequency columns (a quarter of them at ×2, an eighth at ×4; see <see cref="DetailBand"/>). Memory besides
    /// <paramref name="spectrum"/>: one block of rows, this thread's, reused (<see cref="BlockRows"/> × W float64:
    /// 256 KiB for a 1024-wide image, 2 MiB for 8192). One thread; every pair of rows is transformed alone, so the
    /// blocks change no bit.</remarks>
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
        fixed (byte* pixels = image.Pixels)
        {
            using var transposed = Mat.FromPixelData(columns, h, MatType.CV_64FC2, (IntPtr)values);
            for (int y0 = 0; y0 < h; y0 += BlockRows)
            {
                int rows = Math.Min(BlockRows, h - y0), pairs = (rows + 1) / 2;
                for (int pair = 0; pair < pairs; pair++)
                {
                    int y = y0 + 2 * pair;
                    byte* a = pixels + (long)y * w;
                    byte* b = y + 1 < h ? a + w : null; // an odd last row pairs with zeros
                    CentrePair(a, b, w, mean, (double*)block.Data + 2L * pair * w);
                }
                ComplexRowTransform.Rows((double*)block.Data, w, pairs); // complex, in place
                Unpack((double*)block.Data, w, rows, y0, (double*)transposed.Data, h, columns);
            }
            ComplexRowTransform.Rows((double*)transposed.Data, h, columns);
        }
    }

    /// <summary>Image rows per transformed block (half as many complex rows): 32 rows of a 1024-wide image fill
    /// 256 KiB, within the L2 cache.</summary>
    public const int BlockRows = 32;

    [ThreadStatic] private static Mat? t_block;

    private static Mat ThreadBlock(int w)
    {
        if (t_block is { } kept && kept.Cols == w) return kept;
        t_block?.Dispose();
        return t_block = new Mat(BlockRows / 2, w, MatType.CV_64FC2);
    }

    /// <summary>Columns kx &lt; <paramref name="columns"/> of a block of complex row transforms, each of image rows
    /// <paramref name="firstRow"/> + 2p (real part) and + 2p + 1 (imaginary part), into the transposed half spectrum
    /// of height <paramref name="h"/>: element ky of row kx is row ky's coefficient kx as (re, im).</summary>
    /// <remarks>With Z[k] = (zr, zi) and Z[W − k] = (vr, vi): A[k] = ((zr + vr)/2, (zi − vi)/2) and
    /// B[k] = ((zi + vi)/2, (vr − zr)/2); the halving is exact.</remarks>
    private static unsafe void Unpack(double* block, int w, int rows, int firstRow, double* spectrum, int h, int columns)
    {
        int pairs = rows / 2;
        for (int kx = 0; kx < columns; kx++)
        {
            double* dst = spectrum + ((long)kx * h + firstRow) * 2;
            int k = 2 * kx, mirror = 2 * (kx == 0 ? 0 : w - kx);
            double* z = block;
            for (int p = 0; p < pairs; p++, z += 2L * w, dst += 4)
            {
                double zr = z[k], zi = z[k + 1], vr = z[mirror], vi = z[mirror + 1];
                dst[0] = 0.5 * (zr + vr);
                dst[1] = 0.5 * (zi - vi);
                dst[2] = 0.5 * (zi + vi);
                dst[3] = 0.5 * (vr - zr);
            }
            if (rows % 2 == 1)
            {
                // The last row alone: its partner was zero, so Z is its own transform.
                dst[0] = 0.5 * (z[k] + z[mirror]);
                dst[1] = 0.5 * (z[k + 1] - z[mirror + 1]);
            }
        }
    }

    /// <summary>Writes row <paramref name="a"/> minus <paramref name="mean"/> as the real parts and row
    /// <paramref name="b"/> minus <paramref name="mean"/> (zeros when null) as the imaginary parts of one complex row
    /// of <paramref name="w"/> values at <paramref name="dst"/>.</summary>
    private static unsafe void CentrePair(byte* a, byte* b, int w, double mean, double* dst)
    {
        int x = 0;
        if (b != null && Avx2.IsSupported)
        {
            // Bytes widened to int32 and converted to float64 exactly, then one subtraction each: the scalar loop's
            // bits; the two rows' values interleaved (a0 b0 a1 b1 …).
            var vMean = Vector256.Create(mean);
            for (; x <= w - 8; x += 8)
            {
                Vector256<int> ia = Avx2.ConvertToVector256Int32(a + x), ib = Avx2.ConvertToVector256Int32(b + x);
                StoreInterleaved(Avx.ConvertToVector256Double(ia.GetLower()) - vMean,
                    Avx.ConvertToVector256Double(ib.GetLower()) - vMean, dst + 2 * x);
                StoreInterleaved(Avx.ConvertToVector256Double(ia.GetUpper()) - vMean,
                    Avx.ConvertToVector256Double(ib.GetUpper()) - vMean, dst + 2 * x + 8);
            }
        }
        for (; x < w; x++)
        {
            dst[2 * x] = a[x] - mean;
            dst[2 * x + 1] = b == null ? 0 : b[x] - mean;
        }
    }

    /// <summary>(a0 a1 a2 a3), (b0 b1 b2 b3) → a0 b0 a1 b1 a2 b2 a3 b3.</summary>
    private static unsafe void StoreInterleaved(Vector256<double> a, Vector256<double> b, double* dst)
    {
        Vector256<double> low = Avx.UnpackLow(a, b), high = Avx.UnpackHigh(a, b); // a0 b0 a2 b2, a1 b1 a3 b3
        Avx.Store(dst, Avx.Permute2x128(low, high, 0x20));
        Avx.Store(dst + 4, Avx.Permute2x128(low, high, 0x31));
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
