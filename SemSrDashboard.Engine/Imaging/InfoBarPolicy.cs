using System.Globalization;
using SemSrDashboard.Engine.Runs;

namespace SemSrDashboard.Engine.Imaging;

/// <summary>Stage 3 of the pipeline: how many rows of instrument data strip to drop at the bottom of an image —
/// <c>auto</c> (detected from the pixels), <c>none</c>, or a fixed row count.</summary>
public sealed class InfoBarPolicy
{
    public const string Auto = "auto";
    public const string None = "none";

    private readonly int? _fixedRows;

    private InfoBarPolicy(string text, int? fixedRows)
    {
        Text = text;
        _fixedRows = fixedRows;
    }

    public string Text { get; }

    /// <summary>Parses <c>auto</c>, <c>none</c> or a non-negative row count.</summary>
    /// <exception cref="FormatException">Anything else.</exception>
    public static InfoBarPolicy Parse(string text)
    {
        string trimmed = text.Trim().ToLowerInvariant();
        if (trimmed is Auto or None)
            return new InfoBarPolicy(trimmed, null);
        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out int rows))
            return new InfoBarPolicy(rows.ToString(CultureInfo.InvariantCulture), rows);
        throw new FormatException($"--info-bar takes auto, none or a row count, not '{text}'");
    }

    /// <summary>Rows to remove from the bottom of <paramref name="image"/>.</summary>
    /// <exception cref="BadImageException">A fixed row count that leaves nothing of the image.</exception>
    public int RowsToRemove(GrayImage image)
    {
        if (Text == None)
            return 0;
        if (_fixedRows is int rows)
        {
            if (rows >= image.Height)
                throw new BadImageException($"info bar of {rows} rows is not smaller than the image height {image.Height}");
            return rows;
        }
        return InfoBarDetector.Detect(image);
    }
}
