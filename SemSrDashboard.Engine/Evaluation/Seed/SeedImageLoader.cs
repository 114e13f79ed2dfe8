using OpenCvSharp;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;

namespace SemSrDashboard.Engine.Evaluation.Seed;

/// <summary>Loading and resizing as the original study's code did them (the <c>seed</c> protocol).</summary>
public static class SeedImageLoader
{
    /// <summary>Images wider than this are first shrunk to <see cref="ResizedWidth"/> columns.</summary>
    public const int MaximumWidth = 1050;
    public const int ResizedWidth = 1024;

    /// <summary>RGB uint8: colour files as decoded (BGR → RGB); grey, 16-bit and palette files as OpenCV's 8-bit grey
    /// replicated to three channels.</summary>
    /// <exception cref="ImageLoadException">The file cannot be read or decoded.</exception>
    public static (RgbImage Image, LoadedImage Gray) Load(string path)
    {
        var grey = ImageLoader.Load(path);
        if (grey.SourceBitDepth == 16 || grey.SourceChannels == 1)
            return (Replicate(grey.Image), grey);

        using var colour = Cv2.ImDecode(File.ReadAllBytes(path), ImreadModes.Color);
        if (colour.Empty())
            throw new ImageLoadException("not a decodable colour image");
        using var rgb = new Mat();
        Cv2.CvtColor(colour, rgb, ColorConversionCodes.BGR2RGB);
        return (ToRgbImage(rgb), grey);
    }

    /// <summary>Width &gt; 1050 → (1024, int(h / (w / 1024))) with INTER_AREA, as the study's script; then the
    /// top-left region whose sides are multiples of <paramref name="scale"/>.</summary>
    public static RgbImage ResizeAndCrop(RgbImage image, int scale)
    {
        var current = image;
        if (image.Width > MaximumWidth)
        {
            // Python: int(h / (w / 1024)) — float64 division, truncated.
            int height = (int)(image.Height / (image.Width / (double)ResizedWidth));
            current = Resize(image, ResizedWidth, height, InterpolationFlags.Area);
        }
        int w = current.Width - current.Width % scale, h = current.Height - current.Height % scale;
        return Crop(current, w, h);
    }

    /// <summary>INTER_AREA shrink by <paramref name="scale"/> on the uint8 RGB image.</summary>
    public static RgbImage Downscale(RgbImage image, int scale) =>
        Resize(image, image.Width / scale, image.Height / scale, InterpolationFlags.Area);

    private static RgbImage Replicate(GrayImage grey)
    {
        var pixels = new byte[grey.Pixels.Length * 3];
        for (int i = 0; i < grey.Pixels.Length; i++)
            pixels[3 * i] = pixels[3 * i + 1] = pixels[3 * i + 2] = grey.Pixels[i];
        return new RgbImage(grey.Width, grey.Height, pixels);
    }

    private static RgbImage Resize(RgbImage image, int width, int height, InterpolationFlags flag)
    {
        using var src = Mat.FromPixelData(image.Height, image.Width, MatType.CV_8UC3, image.Pixels);
        using var dst = new Mat();
        Cv2.Resize(src, dst, new Size(width, height), 0, 0, flag);
        return ToRgbImage(dst);
    }

    private static RgbImage Crop(RgbImage image, int width, int height)
    {
        if (width == image.Width && height == image.Height)
            return image;
        var pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
            image.Pixels.AsSpan(y * image.Width * 3, width * 3).CopyTo(pixels.AsSpan(y * width * 3));
        return new RgbImage(width, height, pixels);
    }

    private static RgbImage ToRgbImage(Mat mat)
    {
        int width = mat.Width, height = mat.Height;
        var pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
            System.Runtime.InteropServices.Marshal.Copy(mat.Ptr(y), pixels, y * width * 3, width * 3);
        return new RgbImage(width, height, pixels);
    }
}
