namespace SemSrDashboard.Engine.Inspection;

/// <summary>The images the inspector renders for one image of a run. <see cref="Output"/>, <see cref="Difference"/>,
/// <see cref="Ssim"/> and <see cref="InventedDetail"/> also name a method of the run.</summary>
public static class ImageVariant
{
    /// <summary>The reference exactly as measured: info bar removed, cropped to a multiple of the scale.</summary>
    public const string Original = "original";
    /// <summary>The degraded low-resolution input, enlarged by pixel repetition to the reference's size for display.</summary>
    public const string LowResolution = "lr";
    /// <summary>A method's output: a model's stored PNG, or recomputed (interpolations; models whose output was not kept).</summary>
    public const string Output = "output";
    /// <summary>|original − output| as a colour map (see <see cref="MapRenderer"/>).</summary>
    public const string Difference = "diff";
    /// <summary>The SSIM map of the output against the original as a colour map.</summary>
    public const string Ssim = "ssim";
    /// <summary>Where the output's fine detail agrees with the original's and where it is invented, as a colour map
    /// (see <see cref="InventedDetailMap"/>).</summary>
    public const string InventedDetail = "detail";
    /// <summary>The rows removed from the bottom of the file as the instrument's info bar.</summary>
    public const string InfoBar = "infobar";
    /// <summary>A small version of the original (of a stored output when the source is missing).</summary>
    public const string Thumbnail = "thumbnail";

    public const int ThumbnailSide = 160;

    public static bool NeedsMethod(string variant) => variant is Output or Difference or Ssim or InventedDetail;

    /// <summary>Whether <paramref name="variant"/> is one of the colour maps of a method.</summary>
    public static bool IsMap(string variant) => variant is Difference or Ssim or InventedDetail;

    public static bool IsKnown(string variant) =>
        variant is Original or LowResolution or Output or Difference or Ssim or InventedDetail or InfoBar or Thumbnail;
}
