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
/// <para>By Parseval, Σ HX·HY = (1/N) Σ_k mask_k·Re(F_X[k]·conj F_Y[k]) over the full spectrum, N = W·H. Over
/// OpenCV's packed (CCS) real spectrum this is (1/N) Σ_i weight_i·a_i·b_i over its W·H numbers, where each real or
/// imaginary part carries the weight of its frequency: 2 where the stored value stands for itself and its mirrored
/// conjugate, 1 where it is its own mirror (DC, and the Nyquist row or column of an even side), 0 outside the band.
/// No inverse transform is needed.</para>
/// </remarks>
internal sealed class DetailBand
{
    private DetailBand(int width, int height, int scale, double[] weights)
    {
        Width = width;
        Height = height;
        Scale = scale;
        Weights = weights;
    }

    public int Width { get; }
    public int Height { get; }
    public int Scale { get; }

    /// <summary>Per packed spectrum value (row-major, W·H): 0, 1 or 2.</summary>
    public double[] Weights { get; }

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
        var weights = new double[width * height];
        // Interior columns: (re, im) of frequency kx at columns 2kx − 1 and 2kx, every row ky; mirrored by W − kx.
        int interior = (width - 1) / 2;
        for (int ky = 0; ky < height; ky++)
        {
            double fy = Frequency(ky, height);
            for (int kx = 1; kx <= interior; kx++)
            {
                if (!InBand(Frequency(kx, width), fy, scale)) continue;
                weights[ky * width + 2 * kx - 1] = 2;
                weights[ky * width + 2 * kx] = 2;
            }
        }
        // Column 0 (kx = 0) and, for even W, the last column (kx = W/2) hold the packed real-input DFT of that column:
        // re(0), then (re, im) of ky = 1 … ⌈H/2⌉ − 1 in rows 2ky − 1 and 2ky, then re(H/2) in the last row for even H.
        FillPackedColumn(weights, width, height, column: 0, fx: 0, scale);
        if (width % 2 == 0 && width > 1)
            FillPackedColumn(weights, width, height, column: width - 1, fx: Frequency(width / 2, width), scale);
        return new DetailBand(width, height, scale, weights);
    }

    private static void FillPackedColumn(double[] weights, int width, int height, int column, double fx, int scale)
    {
        if (InBand(fx, 0, scale)) weights[column] = 1;
        for (int ky = 1; ky <= (height - 1) / 2; ky++)
        {
            if (!InBand(fx, Frequency(ky, height), scale)) continue;
            weights[(2 * ky - 1) * width + column] = 2;
            weights[2 * ky * width + column] = 2;
        }
        if (height % 2 == 0 && height > 1 && InBand(fx, Frequency(height / 2, height), scale))
            weights[(height - 1) * width + column] = 1;
    }

    /// <summary>HX = Re IDFT(F_X·mask): the image (minus its mean) band-passed in space, row-major float64, for
    /// per-pixel maps (the metrics never need it).</summary>
    public double[] BandPassed(GrayImage image)
    {
        if (image.Width != Width || image.Height != Height)
            throw new ArgumentException($"Image {image.Width}×{image.Height} does not fit the band's {Width}×{Height}.");
        using var spectrum = DetailSpectrum.Transform(image);
        using var mask = new Mat(Height, Width, MatType.CV_64FC1);
        var values = new double[Width * Height];
        for (int i = 0; i < values.Length; i++) values[i] = Weights[i] > 0 ? 1 : 0;
        System.Runtime.InteropServices.Marshal.Copy(values, 0, mask.Data, values.Length);
        Cv2.Multiply(spectrum, mask, spectrum);
        using var band = new Mat();
        Cv2.Dft(spectrum, band, DftFlags.Inverse | DftFlags.Scale | DftFlags.RealOutput);
        System.Runtime.InteropServices.Marshal.Copy(band.Data, values, 0, values.Length);
        return values;
    }

    /// <summary>Σ HX² of one packed spectrum: (1/N) Σ weight·a².</summary>
    public double Energy(ReadOnlySpan<double> a)
    {
        var (_, energy) = CrossAndEnergy(a, a);
        return energy;
    }

    /// <summary>The three band sums of the original's packed spectrum (energy known) and the output's.</summary>
    public DetailBandSums Sums(ReadOnlySpan<double> original, double originalEnergy, ReadOnlySpan<double> output)
    {
        var (cross, outputEnergy) = CrossAndEnergy(original, output);
        return new DetailBandSums(cross, originalEnergy, outputEnergy);
    }

    /// <summary>((1/N) Σ w·a·b, (1/N) Σ w·b²) in one pass.</summary>
    private (double Cross, double Energy) CrossAndEnergy(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        ReadOnlySpan<double> w = Weights;
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
