using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Tests.Imaging;

/// <summary>Deterministic synthetic test images for the info-bar tests.</summary>
internal static class Synthetic
{
    /// <summary>A noisy, smoothly varying texture (like an SEM image: no two neighbours reliably equal).</summary>
    public static GrayImage Textured(int width, int height, int seed)
    {
        var rng = new Random(seed);
        var image = new GrayImage(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                double v = 110 + 50 * Math.Sin(x * 0.05 + seed) * Math.Cos(y * 0.07) + rng.Next(-20, 21);
                image.Pixels[y * width + x] = (byte)Math.Clamp(v, 0, 255);
            }
        }
        return image;
    }

    /// <summary>Fills rows [top, bottom) with <paramref name="background"/> and draws two lines of text-like
    /// rectangles in <paramref name="ink"/>; <paramref name="bottom"/> defaults to the image height.</summary>
    public static void DrawStrip(GrayImage image, int top, byte background, byte ink, int? bottom = null)
    {
        int end = bottom ?? image.Height, w = image.Width;
        Array.Fill(image.Pixels, background, top * w, (end - top) * w);
        int h = end - top;
        foreach (int lineTop in new[] { top + h / 5, top + 3 * h / 5 })
        {
            for (int x0 = 10; x0 + 6 < w - 10; x0 += 11)
            {
                // "glyphs": 6 px wide, 9 rows high, with a gap every fourth glyph
                if (x0 / 11 % 4 == 3)
                    continue;
                for (int y = lineTop; y < lineTop + 9 && y < end; y++)
                    Array.Fill(image.Pixels, ink, y * w + x0, 6);
            }
        }
    }
}
