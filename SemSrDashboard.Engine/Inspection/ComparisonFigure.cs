using OpenCvSharp;

namespace SemSrDashboard.Engine.Inspection;

/// <summary>A rectangle of the image in image pixels.</summary>
public sealed record FigureRegion(int X, int Y, int Width, int Height);

/// <summary>One panel of a figure: an encoded image (grey or colour) and its label (up to two lines, '\n' separated).</summary>
public sealed record FigurePanel(byte[] Png, string Label);

/// <summary>Renders panels side by side with a label above each and a caption below, as a PNG for a paper: the same
/// region of each image, enlarged by whole-pixel repetition (no smoothing) to at least <see cref="MinPanelWidth"/>
/// pixels wide. A map's <see cref="FigureLegend"/>, when given, is drawn between the panels and the caption.</summary>
public static class ComparisonFigure
{
    public const int MinPanelWidth = 480;
    public const int MaxPanelWidth = 1600;
    private const int Gap = 12, LabelLine = 22, LabelHeight = 2 * LabelLine + 8, CaptionHeight = 26, Margin = 12;
    private const int LegendHeight = 30, LegendBarWidth = 160, LegendBarHeight = 12;

    public static byte[] Render(IReadOnlyList<FigurePanel> panels, FigureRegion? region, string caption, FigureLegend? legend = null)
    {
        var mats = new List<Mat>();
        try
        {
            foreach (var panel in panels)
            {
                using var decoded = Cv2.ImDecode(panel.Png, ImreadModes.Color); // transparent borders become black
                var rect = Clamp(region, decoded.Width, decoded.Height);
                using var cropped = new Mat(decoded, rect);
                int factor = Math.Max(1, (MinPanelWidth + rect.Width - 1) / Math.Max(1, rect.Width));
                while (factor > 1 && rect.Width * factor > MaxPanelWidth)
                    factor--;
                var enlarged = new Mat();
                Cv2.Resize(cropped, enlarged, new Size(rect.Width * factor, rect.Height * factor), 0, 0, InterpolationFlags.Nearest);
                mats.Add(enlarged);
            }
            int width = Margin * 2 + mats.Sum(m => m.Width) + Gap * (mats.Count - 1);
            int panelsBottom = Margin + LabelHeight + mats.Max(m => m.Height);
            int height = Margin * 2 + LabelHeight + mats.Max(m => m.Height) + CaptionHeight + (legend is null ? 0 : LegendHeight);
            using var canvas = new Mat(height, width, MatType.CV_8UC3, Scalar.White);
            int x = Margin;
            for (int i = 0; i < mats.Count; i++)
            {
                mats[i].CopyTo(new Mat(canvas, new Rect(x, Margin + LabelHeight, mats[i].Width, mats[i].Height)));
                var lines = panels[i].Label.Split('\n');
                for (int line = 0; line < Math.Min(2, lines.Length); line++)
                    Text(canvas, lines[line], new Point(x, Margin + LabelLine * (line + 1) - 4), line == 0 ? 0.6 : 0.5, mats[i].Width);
                x += mats[i].Width + Gap;
            }
            if (legend is not null)
                DrawLegend(canvas, legend, new Point(Margin, panelsBottom + 8), width - 2 * Margin);
            Text(canvas, caption, new Point(Margin, height - Margin - 4), 0.45, width - 2 * Margin);
            return canvas.ImEncode(".png");
        }
        finally
        {
            foreach (var m in mats)
                m.Dispose();
        }
    }

    /// <summary>"low [bar] high · note" on one line from <paramref name="origin"/> (top left).</summary>
    private static void DrawLegend(Mat canvas, FigureLegend legend, Point origin, int maxWidth)
    {
        const double scale = 0.45;
        int baseline = origin.Y + LegendBarHeight;
        int x = origin.X;
        x = Text(canvas, legend.Low, new Point(x, baseline), scale, maxWidth / 3) + 6;
        for (int i = 0; i < LegendBarWidth; i++)
        {
            double f = i / (LegendBarWidth - 1.0);
            var colour = new Scalar(Mix(legend.LowColour.B, legend.HighColour.B, f), Mix(legend.LowColour.G, legend.HighColour.G, f),
                Mix(legend.LowColour.R, legend.HighColour.R, f));
            Cv2.Line(canvas, new Point(x + i, origin.Y), new Point(x + i, origin.Y + LegendBarHeight), colour);
        }
        x += LegendBarWidth + 6;
        x = Text(canvas, legend.High, new Point(x, baseline), scale, maxWidth / 3) + 6;
        Text(canvas, "- " + legend.Note, new Point(x, baseline), scale, Math.Max(40, origin.X + maxWidth - x));
    }

    private static double Mix(byte a, byte b, double f) => a + (b - a) * f;

    private static Rect Clamp(FigureRegion? region, int width, int height)
    {
        if (region is null)
            return new Rect(0, 0, width, height);
        int x0 = Math.Clamp(region.X, 0, width - 1), y0 = Math.Clamp(region.Y, 0, height - 1);
        int x1 = Math.Clamp(region.X + region.Width, x0 + 1, width), y1 = Math.Clamp(region.Y + region.Height, y0 + 1, height);
        return new Rect(x0, y0, x1 - x0, y1 - y0);
    }

    /// <summary>ASCII text (OpenCV's Hershey font has no other glyphs), shortened to fit <paramref name="maxWidth"/>.</summary>
    /// <returns>The x coordinate where the text ends.</returns>
    private static int Text(Mat canvas, string text, Point origin, double scale, int maxWidth)
    {
        string ascii = new(text.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray());
        while (ascii.Length > 4 && Cv2.GetTextSize(ascii, HersheyFonts.HersheySimplex, scale, 1, out _).Width > maxWidth)
            ascii = ascii[..^4] + "...";
        Cv2.PutText(canvas, ascii, origin, HersheyFonts.HersheySimplex, scale, Scalar.Black, 1, LineTypes.AntiAlias);
        return origin.X + Cv2.GetTextSize(ascii, HersheyFonts.HersheySimplex, scale, 1, out _).Width;
    }
}
