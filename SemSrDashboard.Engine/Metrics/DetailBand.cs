using System.Numerics;
using OpenCvSharp;
using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>
/// The detail band: spatial frequencies above the low-resolution image's Nyquist frequency, and sums over it.
/// </summary>
/// <remarks>
/// <para>Frequencies per axis as numpy's <c>fftfreq(n)</c> in cycles per pixel, evaluated the same way (index k, or
/// k − n for k ≥ ⌈n/2⌉, times the float64 1/n); r = √(fx² + fy²); the band is r &gt; 0.5/scale. The band is
/// symmetric under (fx, fy) → (−fx, −fy), so HX = IDFT(F_X·mask) is real.</para>
/// <para>By Parseval, Σ HX·HY = (1/N) Σ_k mask_k·Re(F_X[k]·conj F_Y[k]) over the full spectrum, N = W·H, and the sum
/// over every frequency is the spatial Σ x̃·ỹ of the centred images. So the band sum is that spatial sum (exact
/// integer arithmetic, one rounding: <see cref="PixelSums"/>) minus the sum over the frequencies outside the band,
/// which lie in the few columns |kx| ≤ W/(2·scale) (<see cref="LowColumns"/>): only those columns of the output's
/// spectrum are transformed, and no inverse transform is needed. Over the stored half
/// (<see cref="DetailSpectrum.LowHalfTransposed"/>, columns kx ≥ 0) each frequency carries weight 2 when its mirrored
/// conjugate (column W − kx) is not stored and 1 when it is (kx = 0 and, for even W, kx = W/2); Re(a·conj b) =
/// re·re + im·im, so the sum is Σ_i weight_i·a_i·b_i over the stored doubles. Rounding: the low-band sum carries the
/// transform's error, of order 1e-16 of the image's whole energy, as the band sum of a full transform would.</para>
/// </remarks>
internal sealed class DetailBand
{
    private DetailBand(int width, int height, int scale, int lowColumns, double[] lowWeights)
    {
        Width = width;
        Height = height;
        Scale = scale;
        LowColumns = lowColumns;
        LowWeights = lowWeights;
    }

    public int Width { get; }
    public int Height { get; }
    public int Scale { get; }

    /// <summary>Stored columns kx = 0 … LowColumns − 1 hold every frequency outside the band: those with
    /// |fx| ≤ 0.5/scale (r ≤ 0.5/scale needs it, and |fx| grows with kx up to ⌊W/2⌋).</summary>
    public int LowColumns { get; }

    /// <summary>Per stored double of <see cref="DetailSpectrum.LowHalfTransposed"/> with <see cref="LowColumns"/>
    /// columns (row kx, column ky, re then im): 0 in the band, else 1 or 2 (see the remarks).</summary>
    public double[] LowWeights { get; }

    /// <summary>numpy's <c>fftfreq(n)[k]</c>: k·(1/n) for k &lt; ⌈n/2⌉, else (k − n)·(1/n).</summary>
    public static double Frequency(int k, int n)
    {
        double step = 1.0 / n;
        return (k < (n + 1) / 2 ? k : k - n) * step;
    }

    /// <summary>Whether frequency (fx, fy) lies in the band of <paramref name="scale"/>: √(fx² + fy²) &gt; 0.5/scale.</summary>
    public static bool InBand(double fx, double fy, int scale) => Math.Sqrt(fx * fx + fy * fy) > 0.5 / scale;

    public static DetailBand For(int width, int height, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        int columns = 1;
        while (columns <= width / 2 && !InBand(Frequency(columns, width), 0, scale)) columns++;
        var weights = new double[columns * height * 2];
        for (int kx = 0; kx < columns; kx++)
        {
            double fx = Frequency(kx, width);
            bool selfMirrored = kx == 0 || (width % 2 == 0 && kx == width / 2);
            for (int ky = 0; ky < height; ky++)
            {
                if (InBand(fx, Frequency(ky, height), scale)) continue;
                int i = 2 * (kx * height + ky);
                weights[i] = weights[i + 1] = selfMirrored ? 1 : 2;
            }
        }
        return new DetailBand(width, height, scale, columns, weights);
    }

    /// <summary>The band as 0/1 per value of OpenCV's packed (CCS) spectrum of <see cref="DetailSpectrum.Packed"/>:
    /// interior columns hold (re, im) of frequency kx at columns 2kx − 1 and 2kx of every row ky; column 0 (kx = 0)
    /// and, for even W, the last column (kx = W/2) hold the packed DFT of that real column: re(0), then (re, im) of
    /// ky = 1 … ⌈H/2⌉ − 1 in rows 2ky − 1 and 2ky, then re(H/2) in the last row for even H.</summary>
    public double[] PackedMask()
    {
        int width = Width, height = Height;
        var mask = new double[width * height];
        for (int ky = 0; ky < height; ky++)
        {
            double fy = Frequency(ky, height);
            for (int kx = 1; kx <= (width - 1) / 2; kx++)
            {
                if (!InBand(Frequency(kx, width), fy, Scale)) continue;
                mask[ky * width + 2 * kx - 1] = 1;
                mask[ky * width + 2 * kx] = 1;
            }
        }
        FillPackedColumn(mask, column: 0, fx: 0);
        if (width % 2 == 0 && width > 1)
            FillPackedColumn(mask, column: width - 1, fx: Frequency(width / 2, width));
        return mask;
    }

    private void FillPackedColumn(double[] mask, int column, double fx)
    {
        int width = Width, height = Height;
        if (InBand(fx, 0, Scale)) mask[column] = 1;
        for (int ky = 1; ky <= (height - 1) / 2; ky++)
        {
            if (!InBand(fx, Frequency(ky, height), Scale)) continue;
            mask[(2 * ky - 1) * width + column] = 1;
            mask[2 * ky * width + column] = 1;
        }
        if (height % 2 == 0 && height > 1 && InBand(fx, Frequency(height / 2, height), Scale))
            mask[(height - 1) * width + column] = 1;
    }

    /// <summary>HX = Re IDFT(F_X·mask): the image (minus its mean) band-passed in space, row-major float64, for
    /// per-pixel maps (the metrics never need it).</summary>
    public double[] BandPassed(GrayImage image)
    {
        if (image.Width != Width || image.Height != Height)
            throw new ArgumentException($"Image {image.Width}×{image.Height} does not fit the band's {Width}×{Height}.");
        using var spectrum = DetailSpectrum.Packed(image);
        using var mask = new Mat(Height, Width, MatType.CV_64FC1);
        double[] values = PackedMask();
        System.Runtime.InteropServices.Marshal.Copy(values, 0, mask.Data, values.Length);
        Cv2.Multiply(spectrum, mask, spectrum);
        using var band = new Mat();
        Cv2.Dft(spectrum, band, DftFlags.Inverse | DftFlags.Scale | DftFlags.RealOutput);
        System.Runtime.InteropServices.Marshal.Copy(band.Data, values, 0, values.Length);
        return values;
    }

    /// <summary>Σ HX² of an image: its centred energy minus the part outside the band (clamped at 0, which rounding
    /// could cross for an image with no detail).</summary>
    /// <param name="low">The image's <see cref="DetailSpectrum.LowHalfTransposed"/> with <see cref="LowColumns"/>.</param>
    public double Energy(PixelSums sums, ReadOnlySpan<double> low)
    {
        var (_, lowEnergy) = LowCrossAndEnergy(low, low);
        return Math.Max(0, sums.CentredEnergy - lowEnergy);
    }

    /// <summary>The three band sums of the original (band energy known) and the output.</summary>
    /// <param name="centredCross">Σ x̃·ỹ over all pixels (<see cref="PixelSums.CentredCross"/>).</param>
    public DetailBandSums Sums(ReadOnlySpan<double> originalLow, double originalEnergy, double centredCross,
        PixelSums output, ReadOnlySpan<double> outputLow)
    {
        var (lowCross, lowEnergy) = LowCrossAndEnergy(originalLow, outputLow);
        return new DetailBandSums(centredCross - lowCross, originalEnergy, Math.Max(0, output.CentredEnergy - lowEnergy));
    }

    /// <summary>((1/N) Σ w·a·b, (1/N) Σ w·b²) over the frequencies outside the band, in one pass.</summary>
    private (double Cross, double Energy) LowCrossAndEnergy(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        ReadOnlySpan<double> w = LowWeights;
        if (a.Length != w.Length || b.Length != w.Length)
            throw new ArgumentException("Spectrum size differs from the band's.");
        int i = 0, n = w.Length;
        double cross = 0, energy = 0;
        if (Vector.IsHardwareAccelerated)
        {
            Vector<double> vc = default, ve = default;
            for (; i <= n - Vector<double>.Count; i += Vector<double>.Count)
            {
                var vw = new Vector<double>(w.Slice(i));
                var vb = new Vector<double>(b.Slice(i));
                var wb = vw * vb;
                vc += wb * new Vector<double>(a.Slice(i));
                ve += wb * vb;
            }
            cross = Vector.Sum(vc);
            energy = Vector.Sum(ve);
        }
        for (; i < n; i++)
        {
            cross += w[i] * b[i] * a[i];
            energy += w[i] * b[i] * b[i];
        }
        double size = (double)Width * Height;
        return (cross / size, energy / size);
    }
}
