using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SemSrDashboard.Engine.Scanning;

namespace SemSrDashboard.Engine.Training;

/// <summary>Divides a data root by image into training and held-out images, per category.</summary>
public static class DataSplitter
{
    /// <summary>Default share of each category held out.</summary>
    public const double DefaultHeldOutFraction = 0.25;

    /// <summary>Number of a category's <paramref name="count"/> images held out: round(n·f) (halves away from zero),
    /// then at least 1 and at most n − 1 when the category has 2 or more images; 0 for a single image.</summary>
    public static int HeldOutCount(int count, double fraction)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count < 2)
            return 0;
        int rounded = (int)Math.Round(count * fraction, MidpointRounding.AwayFromZero);
        return Math.Clamp(rounded, 1, count - 1);
    }

    /// <summary>Splits <paramref name="images"/>: in each category the <see cref="HeldOutCount"/> images with the
    /// smallest SHA-256 of "<paramref name="seed"/>:relative path" are held out. The choice for an image depends only on
    /// the seed, its path and its category's size, not on other categories or on the order of the scan.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fraction"/> is not inside (0, 1).</exception>
    public static DataSplit Split(IReadOnlyList<ScannedImage> images, double fraction, long seed)
    {
        if (!(fraction > 0 && fraction < 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "the held-out fraction must lie inside (0, 1)");
        var heldOut = new HashSet<string>(StringComparer.Ordinal);
        foreach (var category in images.GroupBy(i => i.Category, StringComparer.Ordinal))
        {
            var members = category.ToList();
            foreach (var image in members.OrderBy(i => Rank(seed, i.RelativePath), StringComparer.Ordinal)
                         .Take(HeldOutCount(members.Count, fraction)))
                heldOut.Add(image.RelativePath);
        }
        var ordered = images.OrderBy(i => i.RelativePath, StringComparer.Ordinal).ToList();
        return new DataSplit(
            ordered.Where(i => !heldOut.Contains(i.RelativePath)).ToList(),
            ordered.Where(i => heldOut.Contains(i.RelativePath)).ToList());
    }

    private static string Rank(long seed, string relativePath) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed.ToString(CultureInfo.InvariantCulture) + ":" + relativePath)));
}
