namespace SemSrDashboard.Engine.Metrics;

/// <summary>Band sums of the original's and the output's detail (spatial sums, 0–255 scale squared).</summary>
/// <param name="Cross">Σ HX·HY.</param>
/// <param name="OriginalEnergy">Σ HX².</param>
/// <param name="OutputEnergy">Σ HY².</param>
public readonly record struct DetailBandSums(double Cross, double OriginalEnergy, double OutputEnergy)
{
    /// <summary>Σ HX·HY / √(Σ HX² · Σ HY²); <c>nan</c> when either energy is 0.</summary>
    public double Correlation => OriginalEnergy == 0 || OutputEnergy == 0
        ? double.NaN
        : Cross / Math.Sqrt(OriginalEnergy * OutputEnergy);

    /// <summary>Σ HY² / Σ HX²; <c>nan</c> only when Σ HX² = 0.</summary>
    public double Ratio => OriginalEnergy == 0 ? double.NaN : OutputEnergy / OriginalEnergy;
}

/// <summary>
/// The detail band: spatial frequencies above the low-resolution image's Nyquist frequency, and sums over it.
/// </summary>
/// <remarks>
/// <para>Frequencies per axis as numpy's <c>fftfreq(n)</c> in cycles per pixel, evaluated the same way (index k, or
/// k − n for k ≥ ⌈n/2⌉, times the float64 1/n); r = √(fx² + fy²); the band is r &gt; 0.5/scale. The band is
/// symmetric under (fx, fy) → (−fx, −fy), so HX = IDFT(F_X·mask) is real.</para>
/// <para>By Parseval, Σ HX·HY = (1/N) Σ_k mask_k·Re(F_X[k]·conj F_Y[k]) over the full spectrum, N = W·H; the sum runs
/// over the stored half (<see cref="DetailSpectrum"/>) with weight 2 for columns whose mirror is not stored and 1 for
/// column 0 and, for even W, column W/2. No inverse transform is needed.</para>
/// </remarks>
internal sealed class DetailBand
{
    private DetailBand(int width, int height, int scale, byte[] weights)
    {
        Width = width;
        Height = height;
        Scale = scale;
        Weights = weights;
    }

    public int Width { get; }
    public int Height { get; }
    public int Scale { get; }

    /// <summary>Per stored spectrum entry (row-major, ⌊W/2⌋ + 1 per row): 0 outside the band, else 1 or 2.</summary>
    public byte[] Weights { get; }

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
        int columns = width / 2 + 1;
        var weights = new byte[height * columns];
        for (int ky = 0; ky < height; ky++)
        {
            double fy = Frequency(ky, height);
            for (int kx = 0; kx < columns; kx++)
            {
                if (!InBand(Frequency(kx, width), fy, scale)) continue;
                bool selfMirrored = kx == 0 || (width % 2 == 0 && kx == width / 2);
                weights[ky * columns + kx] = (byte)(selfMirrored ? 1 : 2);
            }
        }
        return new DetailBand(width, height, scale, weights);
    }

    /// <summary>Σ over the band of Re(a·conj b), divided by N: the spatial Σ of the two band-passed images' product.</summary>
    public double Sum(DetailSpectrum a, DetailSpectrum b)
    {
        double[] va = a.Values, vb = b.Values;
        byte[] wt = Weights;
        double total = 0;
        for (int i = 0; i < wt.Length; i++)
        {
            if (wt[i] == 0) continue;
            total += wt[i] * (va[2 * i] * vb[2 * i] + va[2 * i + 1] * vb[2 * i + 1]);
        }
        return total / ((double)Width * Height);
    }

    /// <summary>The three band sums of a pair of spectra of this band's size.</summary>
    public DetailBandSums Sums(DetailSpectrum original, DetailSpectrum output) =>
        Sums(original, Sum(original, original), output);

    /// <summary>As <see cref="Sums(DetailSpectrum, DetailSpectrum)"/> with the original's energy already known.</summary>
    public DetailBandSums Sums(DetailSpectrum original, double originalEnergy, DetailSpectrum output) =>
        new(Sum(original, output), originalEnergy, Sum(output, output));
}
