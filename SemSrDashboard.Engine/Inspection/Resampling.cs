using OpenCvSharp;
using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Inspection;

/// <summary>Size changes for display only (never for measuring).</summary>
public static class Resampling
{
    /// <summary>Each pixel repeated <paramref name="scale"/>×<paramref name="scale"/> times: the low-resolution image at
    /// the reference's size, with its blocky pixels visible.</summary>
    public static GrayImage NearestUpscale(GrayImage image, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        int w = image.Width * scale, h = image.Height * scale;
        var pixels = new byte[checked(w * h)];
        for (int y = 0; y < h; y++)
        {
            var source = image.Row(y / scale);
            var row = pixels.AsSpan(y * w, w);
            for (int x = 0; x < w; x++)
                row[x] = source[x / scale];
        }
        return new GrayImage(w, h, pixels);
    }

    /// <summary>A thumbnail whose longer side is at most <paramref name="maxSide"/> (area averaging); the image itself
    /// when it is already small enough.</summary>
    public static GrayImage Thumbnail(GrayImage image, int maxSide)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 1);
        int longer = Math.Max(image.Width, image.Height);
        if (longer <= maxSide)
            return image;
        double f = (double)maxSide / longer;
        int w = Math.Max(1, (int)Math.Round(image.Width * f)), h = Math.Max(1, (int)Math.Round(image.Height * f));
        using var source = ImageLoader.ToMat(image);
        using var target = new Mat();
        Cv2.Resize(source, target, new Size(w, h), 0, 0, InterpolationFlags.Area);
        return ImageLoader.ToGrayImage(target);
    }

    /// <summary>The rectangle (clamped to the image) of <paramref name="image"/>; the whole image when the rectangle is
    /// empty after clamping.</summary>
    public static GrayImage Crop(GrayImage image, int x, int y, int width, int height)
    {
        int x0 = Math.Clamp(x, 0, image.Width), y0 = Math.Clamp(y, 0, image.Height);
        int x1 = Math.Clamp(x + width, 0, image.Width), y1 = Math.Clamp(y + height, 0, image.Height);
        if (x1 <= x0 || y1 <= y0)
            return image;
        var pixels = new byte[(x1 - x0) * (y1 - y0)];
        for (int row = y0; row < y1; row++)
            image.Pixels.AsSpan(row * image.Width + x0, x1 - x0).CopyTo(pixels.AsSpan((row - y0) * (x1 - x0)));
        return new GrayImage(x1 - x0, y1 - y0, pixels);
    }
}
