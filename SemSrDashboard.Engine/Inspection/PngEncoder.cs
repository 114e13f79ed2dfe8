using OpenCvSharp;
using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Inspection;

/// <summary>Lossless PNG encoding of grey and colour images (fast compression: these are served, not archived).</summary>
public static class PngEncoder
{
    private static readonly ImageEncodingParam Fast = new(ImwriteFlags.PngCompression, 1);

    public static byte[] Encode(GrayImage image)
    {
        using var mat = ImageLoader.ToMat(image);
        return mat.ImEncode(".png", Fast);
    }

    public static byte[] Encode(ColorImage image)
    {
        using var mat = new Mat(image.Height, image.Width, image.Channels == 4 ? MatType.CV_8UC4 : MatType.CV_8UC3);
        System.Runtime.InteropServices.Marshal.Copy(image.Pixels, 0, mat.Data, image.Pixels.Length);
        return mat.ImEncode(".png", Fast);
    }

    /// <summary>Decodes a PNG produced by <see cref="Encode(GrayImage)"/> (or stored by the output store) as grey.</summary>
    public static GrayImage DecodeGray(byte[] png) => ImageLoader.Decode(png).Image;
}
