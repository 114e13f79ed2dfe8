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
    private DetailBand(int width, int height, int scale, int lowColumns, LowRun[] lowRuns)
    {
        Width = width;
        Height = height;
        Scale = scale;
        LowColumns = lowColumns;
        _lowRuns = lowRuns;
        CompactLength = lowRuns.Length == 0 ? 0 : lowRuns[^1].CompactStart + lowRuns[^1].Length;
    }

    public int Width { get; }
    public int Height { get; }
    public int Scale { get; }

    /// <summary>Stored columns kx = 0 … LowColumns − 1 hold every frequency outside the band: those with
    /// |fx| ≤ 0.5/scale (r ≤ 0.5/scale needs it, and |fx| grows with kx up to ⌊W/2⌋).</summary>
    public int LowColumns { get; }

    /// <summary>Doubles of <see cref="DetailSpectrum.LowHalfTransposed"/> with <see cref="LowColumns"/> columns.</summary>
    public int SpectrumLength => 2 * LowColumns * Height;

    /// <summary>Doubles of <see cref="Compact"/>: those of the frequencies outside the band (about a fifth of
    /// <see cref="SpectrumLength"/> at ×4: a half-disc of the low columns).</summary>
    public int CompactLength { get; }

    /// <summary>A run of consecutive doubles of the stored low columns (row kx, column ky, re then im) outside the
    /// band, all of one weight: 1 when the frequency's mirrored conjugate (column W − kx) is stored too (kx = 0 and,
    /// for even W, kx = W/2), else 2; see the remarks. Every other double has weight 0.</summary>
    /// <param name="CompactStart">Where the run begins in <see cref="Compact"/>'s array.</param>
    private readonly record struct LowRun(int Start, int Length, double Weight, int CompactStart);

    /// <summary>The runs in increasing order: one or two per low column (ky near 0 and near H), merged where they
    /// touch; a few KiB where a weight per double took 2·LowColumns·H of them (134 MiB at 8192², ×4).</summary>
    private readonly LowRun[] _lowRuns;

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
        var runs = new List<LowRun>();
        int compact = 0;
        for (int kx = 0; kx < columns; kx++)
        {
            double fx = Frequency(kx, width);
            bool selfMirrored = kx == 0 || (width % 2 == 0 && kx == width / 2);
            double weight = selfMirrored ? 1 : 2;
            for (int ky = 0; ky < height; ky++)
            {
                if (InBand(fx, Frequency(ky, height), scale)) continue;
                int i = 2 * (kx * height + ky);
                if (runs.Count > 0 && runs[^1] is var last && last.Start + last.Length == i && last.Weight == weight)
                    runs[^1] = last with { Length = last.Length + 2 };
                else
                    runs.Add(new LowRun(i, 2, weight, compact));
                compact += 2;
            }
        }
        return new DetailBand(width, height, scale, columns, runs.ToArray());
    }

    /// <summary>The doubles of a <see cref="DetailSpectrum.LowHalfTransposed"/> spectrum that lie outside the band,
    /// in order (<see cref="CompactLength"/> of them): all that <see cref="Sums"/> needs of the original's.</summary>
    public double[] Compact(ReadOnlySpan<double> spectrum)
    {
        RequireSpectrum(spectrum);
        var compact = new double[CompactLength];
        foreach (var run in _lowRuns)
            spectrum.Slice(run.Start, run.Length).CopyTo(compact.AsSpan(run.CompactStart));
        return compact;
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
        var (_, lowEnergy) = LowCrossAndEnergy(low, originalIsCompact: false, low);
        return Math.Max(0, sums.CentredEnergy - lowEnergy);
    }

    /// <summary>The three band sums of the original (band energy known) and the output.</summary>
    /// <param name="originalLow">The original's spectrum as <see cref="Compact"/> keeps it.</param>
    /// <param name="centredCross">Σ x̃·ỹ over all pixels (<see cref="PixelSums.CentredCross"/>).</param>
    /// <param name="outputLow">The output's <see cref="DetailSpectrum.LowHalfTransposed"/> with <see cref="LowColumns"/>.</param>
    public DetailBandSums Sums(ReadOnlySpan<double> originalLow, double originalEnergy, double centredCross,
        PixelSums output, ReadOnlySpan<double> outputLow)
    {
        var (lowCross, lowEnergy) = LowCrossAndEnergy(originalLow, originalIsCompact: true, outputLow);
        return new DetailBandSums(centredCross - lowCross, originalEnergy, Math.Max(0, output.CentredEnergy - lowEnergy));
    }

    private void RequireSpectrum(ReadOnlySpan<double> spectrum)
    {
        if (spectrum.Length != SpectrumLength)
            throw new ArgumentException("Spectrum size differs from the band's.");
    }

    /// <summary>((1/N) Σ w·a·b, (1/N) Σ w·b²) over the frequencies outside the band, in one pass over the runs.</summary>
    /// <remarks>The sums are those of one vector loop over every stored double with its weight (0 in the band):
    /// value i goes to vector lane i mod <see cref="Vector{T}.Count"/>, each lane in increasing i, the lanes summed
    /// by <see cref="Vector.Sum{T}"/>, and the values past the last whole vector added after it in order. A weight-0
    /// term adds an exact 0 to its lane, so skipping it changes no bit; the ends of a run that do not fill a vector
    /// go to their lanes one by one.</remarks>
    private (double Cross, double Energy) LowCrossAndEnergy(ReadOnlySpan<double> original, bool originalIsCompact,
        ReadOnlySpan<double> b)
    {
        RequireSpectrum(b);
        if (original.Length != (originalIsCompact ? CompactLength : SpectrumLength))
            throw new ArgumentException("Spectrum size differs from the band's.");
        int n = SpectrumLength, lanes = Vector<double>.Count;
        int vectorEnd = Vector.IsHardwareAccelerated ? n - n % lanes : 0;
        Span<double> laneCross = stackalloc double[lanes], laneEnergy = stackalloc double[lanes];
        laneCross.Clear();
        laneEnergy.Clear();
        foreach (var run in _lowRuns)
        {
            var a = original.Slice(originalIsCompact ? run.CompactStart : run.Start, run.Length);
            int start = run.Start, i = start, lanedEnd = Math.Min(start + run.Length, vectorEnd);
            // Up to a vector boundary one by one, whole vectors, then the rest one by one.
            for (; i < lanedEnd && i % lanes != 0; i++) AddToLane(run.Weight, a[i - start], b[i], laneCross, laneEnergy, i % lanes);
            if (i + lanes <= lanedEnd)
            {
                var vw = new Vector<double>(run.Weight);
                var vc = new Vector<double>(laneCross);
                var ve = new Vector<double>(laneEnergy);
                for (; i + lanes <= lanedEnd; i += lanes)
                {
                    var vb = new Vector<double>(b.Slice(i));
                    var wb = vw * vb;
                    vc += wb * new Vector<double>(a.Slice(i - start));
                    ve += wb * vb;
                }
                vc.CopyTo(laneCross);
                ve.CopyTo(laneEnergy);
            }
            for (; i < lanedEnd; i++) AddToLane(run.Weight, a[i - start], b[i], laneCross, laneEnergy, i % lanes);
        }
        double cross = 0, energy = 0;
        if (Vector.IsHardwareAccelerated)
        {
            cross = Vector.Sum(new Vector<double>(laneCross));
            energy = Vector.Sum(new Vector<double>(laneEnergy));
        }
        foreach (var run in _lowRuns)
        {
            var a = original.Slice(originalIsCompact ? run.CompactStart : run.Start, run.Length);
            for (int i = Math.Max(run.Start, vectorEnd); i < run.Start + run.Length; i++)
            {
                cross += run.Weight * b[i] * a[i - run.Start];
                energy += run.Weight * b[i] * b[i];
            }
        }
        double size = (double)Width * Height;
        return (cross / size, energy / size);
    }

    /// <summary>One term into its lane, as the vector loop computes it: (w·b)·a and (w·b)·b.</summary>
    private static void AddToLane(double weight, double a, double b, Span<double> cross, Span<double> energy, int lane)
    {
        double wb = weight * b;
        cross[lane] += wb * a;
        energy[lane] += wb * b;
    }
}
