using System.Globalization;

namespace SemSrDashboard.Engine.Inspection;

/// <summary>A perceptually ordered colour scale (viridis: dark blue → green → yellow) for metric maps, shared by the
/// maps and their legends so both show the same colours.</summary>
public static class ColorScale
{
    // viridis at 0, 1/8, …, 1 (matplotlib's table, rounded to 8 bits); linear interpolation in between.
    private static readonly (byte R, byte G, byte B)[] Stops =
    [
        (68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141),
        (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37),
    ];

    private static readonly (byte R, byte G, byte B)[] Table = BuildTable();

    /// <summary>The colour of <paramref name="t"/> in [0, 1] (clamped; NaN gives the lowest colour).</summary>
    public static (byte R, byte G, byte B) At(double t)
    {
        if (double.IsNaN(t) || t <= 0)
            return Table[0];
        return t >= 1 ? Table[255] : Table[(int)Math.Round(t * 255)];
    }

    /// <summary>A CSS <c>linear-gradient</c> to the right with the scale's stops, for a legend.</summary>
    public static string CssGradient() =>
        "linear-gradient(to right, " + string.Join(", ", Stops.Select((s, i) =>
            $"rgb({s.R},{s.G},{s.B}) {(100.0 * i / (Stops.Length - 1)).ToString("0.#", CultureInfo.InvariantCulture)}%")) + ")";

    private static (byte, byte, byte)[] BuildTable()
    {
        var table = new (byte, byte, byte)[256];
        for (int i = 0; i < 256; i++)
        {
            double position = i / 255.0 * (Stops.Length - 1);
            int low = Math.Min((int)position, Stops.Length - 2);
            double f = position - low;
            var a = Stops[low];
            var b = Stops[low + 1];
            table[i] = (Mix(a.R, b.R, f), Mix(a.G, b.G, f), Mix(a.B, b.B, f));
        }
        return table;
    }

    private static byte Mix(byte a, byte b, double f) => (byte)Math.Round(a + (b - a) * f);
}
