using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Metrics;

/// <summary>
/// What the fidelity metrics need of one original at one scale, computed once and shared by every method's output:
/// the MS-SSIM pyramid (whose first level GMSD uses too), the DFT at the frequencies outside the detail band, the
/// pixel sums and the detail-band energy.
/// </summary>
/// <remarks>Its values are immutable after construction; safe to use from several threads at once (each output
/// takes the kept work buffers, or new ones when another thread holds them).</remarks>
public sealed class FidelityReference
{
    /// <param name="original">X: the original after crop and info-bar removal.</param>
    /// <param name="scale">The run's integer factor (≥ 1); sets the detail band.</param>
    public FidelityReference(GrayImage original, int scale)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        if (original.Width == 0 || original.Height == 0)
            throw new ArgumentException("The original is empty.", nameof(original));
        Original = original;
        Scale = scale;
        CoarseScales = MsSsim.IsLargeEnough(original.Width, original.Height) ? MsSsim.CoarseScales(original) : null;
        // GMSD's half-size image is MS-SSIM's second scale; a separate one only when MS-SSIM has no pyramid.
        Half = CoarseScales?[0] ?? (Gmsd.IsLargeEnough(original.Width, original.Height)
            ? GrayPlane.HalveByBlockMean(original)
            : null);
        Band = DetailBand.For(original.Width, original.Height, scale);
        // The original's low columns are transformed in the work buffers its outputs use next; only the part outside
        // the band is kept.
        var scratch = NewScratch();
        Sums = PixelSums.Of(original.Pixels);
        DetailSpectrum.LowHalfTransposed(original, Sums, Band.LowColumns, scratch.Spectrum);
        DetailEnergy = Band.Energy(Sums, scratch.Spectrum);
        Spectrum = Band.Compact(scratch.Spectrum);
        _scratch = scratch;
    }

    /// <summary>X, the original.</summary>
    public GrayImage Original { get; }

    /// <summary>The run's integer factor.</summary>
    public int Scale { get; }

    /// <summary>Σ HX²: the original's energy in the detail band (0–255 scale squared, summed over pixels).</summary>
    public double DetailEnergy { get; }

    /// <summary>MS-SSIM scales 2 … 5 of X; null when the image is too small for MS-SSIM.</summary>
    internal GrayPlane[]? CoarseScales { get; }

    /// <summary>X's 2×2 block-mean half, for GMSD; null when the image is too small for GMSD.</summary>
    internal GrayPlane? Half { get; }

    /// <summary>X's spectrum outside the band (<see cref="DetailBand.Compact"/>).</summary>
    internal double[] Spectrum { get; }

    /// <summary>Work buffers for an output of this original: the one kept here when free, else new ones.</summary>
    internal OutputScratch TakeScratch() => Interlocked.Exchange(ref _scratch, null) ?? NewScratch();

    private OutputScratch NewScratch() =>
        new(Original.Width, Original.Height, Band.LowColumns, MsSsim.IsLargeEnough(Original.Width, Original.Height));

    /// <summary>Gives buffers back for the next output (the caller no longer touches them).</summary>
    internal void ReturnScratch(OutputScratch scratch) => Volatile.Write(ref _scratch, scratch);

    private OutputScratch? _scratch;

    /// <summary>X's exact pixel sums.</summary>
    internal PixelSums Sums { get; }
    internal DetailBand Band { get; }
}
