namespace SemSrDashboard.Engine.Imaging;

/// <summary>
/// Finds the instrument's data strip ("info bar": scale bar, voltage, magnification, date) at the bottom of an SEM
/// micrograph, from pixel content only.
/// </summary>
/// <remarks>
/// <para><b>Why the rule works.</b> A micrograph is a noisy measurement: in every row of real image content most
/// neighbouring pixels differ (shot and detector noise), so the share of pixels equal to their left neighbour is low
/// — 3–15 % on the sample data (lung cells, shale, nanowires, patterned surfaces), even in dark or bright regions.
/// The data strip is drawn by the instrument software: flat background (black, grey or white) with sharp, noise-free
/// text, lines and boxes, so 75–100 % of its pixels equal their neighbour. A "graphic" row is therefore a row whose
/// flat share is at least <see cref="GraphicFlatShare"/> (0.6, far from both groups). A "text" row is a graphic row
/// that also holds at least <see cref="MinTextEdges"/> sharp edges (|p[x+1] − p[x−1]| ≥ <see cref="TextEdgeStep"/>
/// = 64 grey levels) — glyphs, scale-bar ticks, box borders.</para>
/// <para><b>Steps.</b> (1) Find the lowest graphic row within the bottom <see cref="MaxStripShare"/> (25 %) of the
/// image. Rows of real image below it are allowed up to a quarter of the strip height (the NFFA/Zeiss data zone is
/// a box drawn a few rows above the bottom, with image content continuing below: 17 rows under a 75-row box;
/// everything from the top of the box down is removed). A dark strip at the very bottom (another instrument row
/// under a white data zone, lossy-encoded so that it is dark but not drawn-flat) does not count against that
/// allowance: rows whose mean is at most <see cref="DarkStripMean"/> and whose spread is at most
/// <see cref="DarkStripSpread"/> grey levels are skipped from the bottom first, and the strip then runs from the
/// band's top edge to the bottom edge.
/// (2) Walk upwards through consecutive graphic rows; the strip must contain at least <see cref="MinTextRows"/> text
/// rows, otherwise it is a natural flat region (saturated black or white, a uniform image) and nothing is cropped.
/// (3) The top is the topmost text row, extended upwards across the strip's empty (text-free) graphic rows. When a
/// strip is black and the image above it fades into clipped black (a particle on a black background), both look flat;
/// they are told apart by noise: drawn rows are perfectly clean (no steps of 1–<see cref="NoiseStep"/> grey levels),
/// while clipped image rows keep a sprinkle of small noise steps. The upward walk stops where clean rows give way to
/// noisy ones. (4) The strip must be at least <see cref="MinStripRows"/> rows high and at most 25 % of the height.</para>
/// <para>Flatness is exact equality on purpose: allowing steps of 1–3 grey levels makes the very smooth image above
/// the Helios strips look drawn (tried on the sample: 8 of 14 strips then overshoot by 100–200 rows).</para>
/// <para>Limits: a strip without any text is not found; lossy re-encoding (JPEG quality 75) of a low-contrast strip
/// (grey Helios strip) breaks the exact flatness and the strip is missed (0), while the high-contrast NFFA and BSE
/// strips survive it; a black strip under clipped-black image content is only separable while the image keeps its
/// noise (after 2× area downscaling it is not, and the crop runs into the black background). An image that was
/// upscaled by pixel repetition or posterised can look "graphic" — the text-row test guards against cropping it
/// unless it also has sharp, text-like edges in flat rows at the bottom.</para>
/// </remarks>
public static class InfoBarDetector
{
    /// <summary>Minimum share of pixels equal to their left neighbour for a row to count as drawn graphics.</summary>
    public const double GraphicFlatShare = 0.6;

    /// <summary>Grey-level step (over two pixels) that counts as a sharp text edge.</summary>
    public const int TextEdgeStep = 64;

    /// <summary>Sharp edges a graphic row needs to count as a text row.</summary>
    public const int MinTextEdges = 6;

    /// <summary>Text rows a strip needs.</summary>
    public const int MinTextRows = 3;

    /// <summary>Smallest strip height in rows.</summary>
    public const int MinStripRows = 8;

    /// <summary>Largest strip height as a share of the image height.</summary>
    public const double MaxStripShare = 0.25;

    /// <summary>Image rows below the drawn rows may be at most 1/<c>MaxRowsBelowRatio</c> of the strip height.</summary>
    public const int MaxRowsBelowRatio = 4;

    /// <summary>Largest row mean (grey levels) of a dark instrument strip beneath the data zone.</summary>
    public const double DarkStripMean = 32;

    /// <summary>Largest standard deviation (grey levels) of a dark instrument strip's row.</summary>
    public const double DarkStripSpread = 8;

    /// <summary>Largest step (grey levels) counted as noise when telling drawn rows from clipped image rows.</summary>
    public const int NoiseStep = 4;

    /// <summary>Number of rows at the bottom of <paramref name="image"/> that hold the instrument's data strip
    /// (0 = none found). See the type remarks for the rule.</summary>
    public static int Detect(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int h = image.Height, w = image.Width;
        if (h < 4 * MinStripRows || w < 16)
            return 0;

        int maxRows = (int)(h * MaxStripShare);
        int lowest = h - maxRows;
        var rows = new RowStats[h];
        for (int y = h - 1; y >= lowest; y--)
            rows[y] = Measure(image.Row(y));

        // (1) skip a featureless dark strip at the bottom edge, then find the lowest graphic row; rows of image
        // content between the two are checked against the strip height in (4).
        int darkTop = h;
        while (darkTop - 1 >= lowest && rows[darkTop - 1].Dark && !rows[darkTop - 1].Text)
            darkTop--;
        int bottom = darkTop - 1;
        while (bottom >= lowest && !rows[bottom].Graphic)
            bottom--;
        if (bottom < lowest)
            return 0;

        // (2) consecutive graphic rows above it; note the topmost text row and count text rows.
        int textTop = -1, textRows = 0, y0 = bottom;
        while (y0 >= lowest && rows[y0].Graphic)
        {
            if (rows[y0].Text)
            {
                textTop = y0;
                textRows++;
            }
            y0--;
        }
        if (textRows < MinTextRows)
            return 0;

        // (3) extend above the topmost text row across empty drawn rows; stop where clean rows turn noisy.
        int cleanLimit = Math.Max(1, w / 2000);
        int top = textTop;
        bool sawClean = false;
        for (int y = textTop - 1; y >= lowest && rows[y].Graphic && !rows[y].Text; y--)
        {
            bool clean = rows[y].NoiseSteps <= cleanLimit;
            if (clean)
                sawClean = true;
            else if (sawClean)
                break;
            top = y;
        }

        // (4) plausible height, and little image content below the drawn rows.
        int strip = h - top, below = darkTop - 1 - bottom;
        return strip >= MinStripRows && strip <= maxRows && below * MaxRowsBelowRatio <= strip ? strip : 0;
    }

    /// <summary>A copy of the top <c>image.Height − rows</c> rows of <paramref name="image"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> is negative or not less than the height.</exception>
    public static GrayImage Crop(GrayImage image, int rows)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (rows == 0)
            return new GrayImage(image.Width, image.Height, (byte[])image.Pixels.Clone());
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rows, image.Height);
        int keep = image.Height - rows;
        var pixels = new byte[image.Width * keep];
        Array.Copy(image.Pixels, pixels, pixels.Length);
        return new GrayImage(image.Width, keep, pixels);
    }

    private static RowStats Measure(ReadOnlySpan<byte> row)
    {
        int flat = 0, edges = 0, noise = 0;
        double sum = row[0], sumSquares = row[0] * row[0];
        for (int x = 1; x < row.Length; x++)
        {
            sum += row[x];
            sumSquares += row[x] * row[x];
            int d = Math.Abs(row[x] - row[x - 1]);
            if (d == 0)
                flat++;
            else if (d <= NoiseStep)
                noise++;
            if (x + 1 < row.Length && Math.Abs(row[x + 1] - row[x - 1]) >= TextEdgeStep)
                edges++;
        }
        bool graphic = flat >= GraphicFlatShare * (row.Length - 1);
        double mean = sum / row.Length;
        double spread = Math.Sqrt(Math.Max(0, sumSquares / row.Length - mean * mean));
        bool dark = mean <= DarkStripMean && spread <= DarkStripSpread;
        return new RowStats(graphic, graphic && edges >= MinTextEdges, noise, dark);
    }

    private readonly record struct RowStats(bool Graphic, bool Text, int NoiseSteps, bool Dark);
}
