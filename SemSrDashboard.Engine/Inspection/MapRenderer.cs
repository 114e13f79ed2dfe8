using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;

namespace SemSrDashboard.Engine.Inspection;

/// <summary>Colour renderings of a method's error against the reference, at the reference's size so that they line up
/// with the images pixel for pixel. Both use fixed ranges (see the constants) so maps of different methods and images
/// compare directly.</summary>
public static class MapRenderer
{
    /// <summary>|reference − output| is drawn from 0 (darkest) to this many grey levels (brightest) on a square-root
    /// scale (colour position √(d / range)), so the small differences of good reconstructions stay visible; larger
    /// differences saturate at the top colour.</summary>
    public const int DifferenceRange = 64;

    /// <summary>Differences marked on the legend, at positions √(d / <see cref="DifferenceRange"/>).</summary>
    public static IReadOnlyList<int> DifferenceTicks { get; } = [0, 4, 16, 36, 64];

    /// <summary>The legend position (0–1) of a difference of <paramref name="greyLevels"/>.</summary>
    public static double DifferencePosition(double greyLevels) => Math.Sqrt(Math.Clamp(greyLevels / DifferenceRange, 0, 1));

    /// <summary>The SSIM map is drawn from <see cref="SsimLow"/> (darkest) to 1 (brightest); lower values saturate.</summary>
    public const double SsimLow = 0;

    /// <summary>Absolute-difference map, BGR, with the scale 0 … <see cref="DifferenceRange"/> grey levels (square root).</summary>
    public static ColorImage Difference(GrayImage reference, GrayImage output)
    {
        var difference = MetricMaps.AbsDifference(reference, output);
        var colours = new (byte, byte, byte)[256];
        for (int d = 0; d < colours.Length; d++)
            colours[d] = ColorScale.At(DifferencePosition(d));
        var image = new ColorImage(difference.Width, difference.Height, 3);
        for (int y = 0; y < difference.Height; y++)
            for (int x = 0; x < difference.Width; x++)
                image.Set(x, y, colours[difference[x, y]]);
        return image;
    }

    /// <summary>The Gaussian-window SSIM map (the kernel of the stored SSIM) as BGRA at the reference's size; the
    /// border of <see cref="SsimMap.Offset"/> pixels that no full window covers is transparent.</summary>
    public static ColorImage Ssim(GrayImage reference, GrayImage output)
    {
        var map = MetricMaps.GaussianSsim(reference, output);
        var image = new ColorImage(reference.Width, reference.Height, 4);
        for (int y = 0; y < map.Height; y++)
            for (int x = 0; x < map.Width; x++)
                image.Set(x + map.Offset, y + map.Offset, ColorScale.At((map.Values[y * map.Width + x] - SsimLow) / (1 - SsimLow)));
        return image;
    }

    /// <summary>Colour of detail in the output that agrees with the original's (Okabe–Ito blue).</summary>
    public static readonly (byte R, byte G, byte B) AgreeingColour = (0, 114, 178);

    /// <summary>Colour of detail in the output that the original's does not explain (Okabe–Ito orange); with
    /// <see cref="AgreeingColour"/> a pair told apart with every common colour-vision deficiency.</summary>
    public static readonly (byte R, byte G, byte B) InventedColour = (230, 159, 0);

    /// <summary>The local RMS of the output's detail (√(A + V), grey levels of 255) drawn at full brightness, on a
    /// square-root scale (brightness √(RMS / range)) so that the faint detail of typical outputs stays visible; more
    /// saturates.</summary>
    public const double DetailRmsRange = 8;

    /// <summary>The invented-detail map (<see cref="InventedDetailMap"/>) as BGR at the images' size: hue from
    /// <see cref="AgreeingColour"/> (all the output's local detail explained by the original's) to
    /// <see cref="InventedColour"/> (none of it), brightness from the local RMS of the output's detail; black where
    /// the output has no detail above the low-resolution Nyquist frequency.</summary>
    public static ColorImage InventedDetail(GrayImage original, GrayImage output, int scale)
    {
        var map = InventedDetailMap.Compute(original, output, scale);
        var image = new ColorImage(map.Width, map.Height, 3);
        for (int y = 0; y < map.Height; y++)
            for (int x = 0; x < map.Width; x++)
            {
                int i = y * map.Width + x;
                image.Set(x, y, DetailColour(map.Agreeing[i], map.Invented[i]));
            }
        return image;
    }

    /// <summary>The colour of one pixel with agreeing energy <paramref name="agreeing"/> and invented energy
    /// <paramref name="invented"/> (grey levels²): s·((1 − f)·agreeing colour + f·invented colour) with
    /// f = V/(A + V) and s = min(1, √(√(A + V)/<see cref="DetailRmsRange"/>)), rounded half away from zero.</summary>
    public static (byte R, byte G, byte B) DetailColour(double agreeing, double invented)
    {
        double energy = agreeing + invented;
        if (!(energy > 0))
            return (0, 0, 0);
        double f = invented / energy, s = Math.Min(1, Math.Sqrt(Math.Sqrt(energy) / DetailRmsRange));
        return (Mix(AgreeingColour.R, InventedColour.R, f, s), Mix(AgreeingColour.G, InventedColour.G, f, s),
            Mix(AgreeingColour.B, InventedColour.B, f, s));
    }

    private static byte Mix(byte a, byte b, double f, double s) =>
        (byte)Math.Round(s * ((1 - f) * a + f * b), MidpointRounding.AwayFromZero);
}
