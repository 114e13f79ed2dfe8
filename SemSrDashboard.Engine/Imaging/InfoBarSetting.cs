using System.Globalization;

namespace SemSrDashboard.Engine.Imaging;

/// <summary>The user's info-bar choice: <c>auto</c> (detect), <c>none</c> (keep all rows) or a fixed number of rows
/// to remove from the bottom.</summary>
public sealed record InfoBarSetting
{
    private InfoBarSetting(InfoBarMode mode, int rows)
    {
        Mode = mode;
        Rows = rows;
    }

    /// <summary>Detect the strip from pixel content.</summary>
    public static InfoBarSetting Auto { get; } = new(InfoBarMode.Auto, 0);

    /// <summary>Remove nothing.</summary>
    public static InfoBarSetting None { get; } = new(InfoBarMode.None, 0);

    public InfoBarMode Mode { get; }

    /// <summary>Rows to remove when <see cref="Mode"/> is <see cref="InfoBarMode.Fixed"/>; otherwise 0.</summary>
    public int Rows { get; }

    /// <summary>A fixed strip of <paramref name="rows"/> rows (0 behaves like <see cref="None"/>).</summary>
    public static InfoBarSetting Fixed(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        return new InfoBarSetting(InfoBarMode.Fixed, rows);
    }

    /// <summary>Parses <c>auto</c>, <c>none</c> (case-insensitive, surrounding blanks ignored) or a non-negative
    /// whole number of rows.</summary>
    public static bool TryParse(string? text, out InfoBarSetting setting)
    {
        setting = Auto;
        if (text is null)
            return false;
        string t = text.Trim();
        if (t.Equals("auto", StringComparison.OrdinalIgnoreCase))
            return true;
        if (t.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            setting = None;
            return true;
        }
        if (t.Length > 0 && t.All(char.IsAsciiDigit)
            && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int rows))
        {
            setting = Fixed(rows);
            return true;
        }
        return false;
    }

    /// <summary>As <see cref="TryParse"/>, throwing on bad input.</summary>
    /// <exception cref="FormatException">Not <c>auto</c>, <c>none</c> or a non-negative whole number.</exception>
    public static InfoBarSetting Parse(string? text) =>
        TryParse(text, out var setting)
            ? setting
            : throw new FormatException($"info bar must be 'auto', 'none' or a number of rows, got '{text}'");

    /// <summary>Rows to remove from the bottom of <paramref name="image"/> under this setting.</summary>
    /// <exception cref="InfoBarException">A fixed strip is at least as high as the image.</exception>
    public int RowsToRemove(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Mode switch
        {
            InfoBarMode.Auto => InfoBarDetector.Detect(image),
            InfoBarMode.None => 0,
            _ when Rows >= image.Height => throw new InfoBarException(
                $"info bar of {Rows} rows does not fit an image {image.Height} rows high"),
            _ => Rows,
        };
    }

    /// <summary>The image without its strip: a copy of the top rows (see <see cref="RowsToRemove"/>).</summary>
    /// <exception cref="InfoBarException">A fixed strip is at least as high as the image.</exception>
    public GrayImage Apply(GrayImage image) => InfoBarDetector.Crop(image, RowsToRemove(image));

    /// <summary><c>auto</c>, <c>none</c> or the number of rows — the form <see cref="Parse"/> reads.</summary>
    public override string ToString() => Mode switch
    {
        InfoBarMode.Auto => "auto",
        InfoBarMode.None => "none",
        _ => Rows.ToString(CultureInfo.InvariantCulture),
    };
}
