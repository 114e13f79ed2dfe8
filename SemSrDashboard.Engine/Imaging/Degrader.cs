using OpenCvSharp;

namespace SemSrDashboard.Engine.Imaging;

/// <summary>Stage 4 of the pipeline: make the low-resolution input the upsamplers must undo.</summary>
public static class Degrader
{
    /// <summary>Smallest side, after cropping, that an image must have: 8 low-resolution pixels.</summary>
    public static int MinimumSide(int scale) => 8 * scale;

    /// <summary>The top-left region whose width and height are multiples of <paramref name="scale"/>.</summary>
    public static GrayImage CropToMultiple(GrayImage image, int scale)
    {
        int w = image.Width - image.Width % scale, h = image.Height - image.Height % scale;
        return Crop(image, w, h);
    }

    /// <summary>Shrinks by <paramref name="scale"/> with OpenCV's <c>INTER_AREA</c> (pixel-area averaging), to
    /// (w/scale, h/scale). The input sides must be multiples of the scale.</summary>
    public static GrayImage Downscale(GrayImage image, int scale)
    {
        if (image.Width % scale != 0 || image.Height % scale != 0)
            throw new ArgumentException($"Image {image.Width}×{image.Height} is not a multiple of {scale}.");
        using var src = ImageLoader.ToMat(image);
        using var dst = new Mat();
        Cv2.Resize(src, dst, new Size(image.Width / scale, image.Height / scale), 0, 0, InterpolationFlags.Area);
        return ImageLoader.ToGrayImage(dst);
    }

    /// <summary>A copy of the top-left <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    public static GrayImage Crop(GrayImage image, int width, int height)
    {
        if (width == image.Width && height == image.Height)
            return image;
        if (width > image.Width || height > image.Height)
            throw new ArgumentException("Crop larger than the image.");
        var pixels = new byte[width * height];
        for (int y = 0; y < height; y++)
            image.Pixels.AsSpan(y * image.Width, width).CopyTo(pixels.AsSpan(y * width, width));
        return new GrayImage(width, height, pixels);
    }
}
